import { EngineError } from "../engineError";
import type { MethodName, MethodTable, StopArgs, WorkerEventOf, WorkerRequestOf } from "./workerProtocol";
import { isWorkerEvent } from "./workerProtocol";

/**
 * The page's side of an engine worker, and its supervisor (DESIGN.md rule 3): a crashed or
 * silent worker rejects every pending call instead of leaving the UI waiting forever, and the next
 * call starts a fresh worker.
 */

export interface CallOptions<Progress> {
  signal?: AbortSignal;
  onProgress?: (report: Progress) => void;
  onDelta?: (text: string) => void;
  /** Reject (and restart the worker) when no event arrives for this long. */
  inactivityTimeoutMs: number;
  /** What a timeout means for this call, in the person's words. */
  timeoutError: () => EngineError;
}

interface PendingCall<Progress> {
  resolve: (result: unknown) => void;
  reject: (error: EngineError) => void;
  options: CallOptions<Progress>;
  timer: ReturnType<typeof setTimeout>;
  /** When the worker last said something about this call (Date.now()). */
  lastEventAt: number;
}

/**
 * Asking the worker to stop: for each method that can be aborted, the method that stops it. It is
 * sent the stopped call's id as `callId` (StopArgs); a worker that runs one call at a time may ignore it.
 */
export type AbortMethods<T> = Partial<Record<MethodName<T>, MethodName<T>>>;

export class WorkerClient<T extends MethodTable<T>, Progress> {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall<Progress>>();
  private readonly createWorker: () => Worker;
  private readonly abortWith: AbortMethods<T>;
  private readonly crashed: (detail?: string) => EngineError;

  /** `crashed`: what a dead worker means, in the person's words (by default, a local engine's crash). */
  constructor(createWorker: () => Worker, abortWith: AbortMethods<T>, crashed = (detail?: string) => new EngineError("ENGINE_CRASHED", { detail })) {
    this.createWorker = createWorker;
    this.abortWith = abortWith;
    this.crashed = crashed;
  }

  call<M extends MethodName<T>>(method: M, args: T[M]["args"], options: CallOptions<Progress>): Promise<T[M]["result"]> {
    if (options.signal?.aborted) return Promise.reject(new EngineError("ABORTED"));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<T[M]["result"]>((resolve, reject) => {
      const abortMethod = this.abortWith[method];
      const onAbort = () => {
        // The worker finishes the call itself (an interrupted reply still reports its usage).
        if (abortMethod && this.pending.has(id)) this.worker?.postMessage({ id: this.nextId++, method: abortMethod, args: { callId: id } satisfies StopArgs });
      };
      const settle = () => options.signal?.removeEventListener("abort", onAbort);
      const call: PendingCall<Progress> = {
        resolve: (result) => {
          settle();
          resolve(result as T[M]["result"]);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
        options,
        timer: setTimeout(() => this.checkSilence(id), options.inactivityTimeoutMs),
        lastEventAt: Date.now(),
      };
      this.pending.set(id, call);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      try {
        worker.postMessage({ id, method, args } as WorkerRequestOf<T>);
      } catch (error) {
        // e.g. a DataCloneError: this call failed, the worker and the other calls are fine.
        clearTimeout(call.timer);
        this.pending.delete(id);
        call.reject(new EngineError("UNKNOWN", { message: "The request could not be handed to the engine.", detail: error instanceof Error ? error.message : undefined }));
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
      this.terminate(this.crashed(event.message || undefined));
    };
    worker.onmessageerror = () => this.terminate(this.crashed("a message from the worker could not be read"));
    this.worker = worker;
    return worker;
  }

  /**
   * Runs when a call may have been silent for its whole timeout. An event since then moved the
   * deadline: the timer is set again for what is left, rather than reset on every event (a
   * streamed reply sends one per token).
   */
  private checkSilence(id: number): void {
    const call = this.pending.get(id);
    if (!call) return;
    const left = call.lastEventAt + call.options.inactivityTimeoutMs - Date.now();
    if (left > 0) {
      call.timer = setTimeout(() => this.checkSilence(id), left);
      return;
    }
    // A silent worker may be stuck on the GPU: only a fresh one is safe to use again.
    this.terminate(call.options.timeoutError());
  }

  private onEvent(data: unknown): void {
    if (!isWorkerEvent<T, Progress>(data)) return;
    const event: WorkerEventOf<T, Progress> = data;
    const call = this.pending.get(event.id);
    if (!call) return;
    if (event.kind === "progress" || event.kind === "delta") {
      call.lastEventAt = Date.now();
      if (event.kind === "progress") call.options.onProgress?.(event.report);
      else call.options.onDelta?.(event.text);
      return;
    }
    clearTimeout(call.timer);
    this.pending.delete(event.id);
    if (event.kind === "result") call.resolve(event.result);
    else call.reject(EngineError.fromData(event.error));
  }
}
