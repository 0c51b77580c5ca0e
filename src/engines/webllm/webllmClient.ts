import { EngineError } from "../engineError";
import type { InitProgressReport, WorkerEvent, WorkerMethod, WorkerMethods, WorkerRequest } from "./protocol";
import { isWorkerEvent } from "./protocol";

/**
 * The page's side of the web-llm worker, and its supervisor (DESIGN.md rule 3): a crashed or
 * silent worker rejects every pending call instead of leaving the UI waiting forever, and the next
 * call starts a fresh worker.
 */

export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (report: InitProgressReport) => void;
  onDelta?: (text: string) => void;
  /** Reject (and restart the worker) when no event arrives for this long. */
  inactivityTimeoutMs: number;
  /** What a timeout means for this call, in the person's words. */
  timeoutError: () => EngineError;
}

interface PendingCall {
  resolve: (result: unknown) => void;
  reject: (error: EngineError) => void;
  options: CallOptions;
  timer: ReturnType<typeof setTimeout>;
}

/** Asking the worker to stop: how each method is aborted. */
const abortWith: Partial<Record<WorkerMethod, "interrupt" | "unload">> = { generate: "interrupt", load: "unload" };

export class WebllmClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private readonly createWorker: () => Worker;

  constructor(createWorker: () => Worker) {
    this.createWorker = createWorker;
  }

  call<M extends WorkerMethod>(method: M, args: WorkerMethods[M]["args"], options: CallOptions): Promise<WorkerMethods[M]["result"]> {
    if (options.signal?.aborted) return Promise.reject(new EngineError("ABORTED"));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<WorkerMethods[M]["result"]>((resolve, reject) => {
      const abortMethod = abortWith[method];
      const onAbort = () => {
        // The worker finishes the call itself (an interrupted reply still reports its usage).
        if (abortMethod && this.pending.has(id)) this.worker?.postMessage({ id: this.nextId++, method: abortMethod, args: {} } satisfies WorkerRequest);
      };
      const settle = () => options.signal?.removeEventListener("abort", onAbort);
      const call: PendingCall = {
        resolve: (result) => {
          settle();
          resolve(result as WorkerMethods[M]["result"]);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
        options,
        timer: setTimeout(() => this.onTimeout(id), options.inactivityTimeoutMs),
      };
      this.pending.set(id, call);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      try {
        worker.postMessage({ id, method, args } as WorkerRequest);
      } catch (error) {
        // e.g. a DataCloneError: this call failed, the worker and the other calls are fine.
        clearTimeout(call.timer);
        this.pending.delete(id);
        call.reject(new EngineError("UNKNOWN", { message: "The request could not be sent to the local engine.", detail: error instanceof Error ? error.message : undefined }));
      }
    });
  }

  /** Ends the worker and rejects whatever was pending; the next call starts a new one. */
  terminate(reason: EngineError): void {
    this.worker?.terminate();
    this.worker = undefined;
    for (const [id, call] of this.pending) {
      clearTimeout(call.timer);
      this.pending.delete(id);
      call.reject(reason);
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (event: MessageEvent<unknown>) => this.onEvent(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.terminate(new EngineError("ENGINE_CRASHED", { detail: event.message || undefined }));
    };
    worker.onmessageerror = () => this.terminate(new EngineError("ENGINE_CRASHED", { message: "The local engine sent a message that could not be read." }));
    this.worker = worker;
    return worker;
  }

  private onTimeout(id: number): void {
    const call = this.pending.get(id);
    // A silent worker may be stuck on the GPU: only a fresh one is safe to use again.
    if (call) this.terminate(call.options.timeoutError());
  }

  private onEvent(data: unknown): void {
    if (!isWorkerEvent(data)) return;
    const event: WorkerEvent = data;
    const call = this.pending.get(event.id);
    if (!call) return;
    clearTimeout(call.timer);
    if (event.kind === "progress" || event.kind === "delta") {
      call.timer = setTimeout(() => this.onTimeout(event.id), call.options.inactivityTimeoutMs);
      if (event.kind === "progress") call.options.onProgress?.(event.report);
      else call.options.onDelta?.(event.text);
      return;
    }
    this.pending.delete(event.id);
    if (event.kind === "result") call.resolve(event.result);
    else call.reject(EngineError.fromData(event.error));
  }
}
