import { afterEach, describe, expect, it, vi } from "vitest";
import { EngineError } from "../engineError";
import type { CallOptions } from "./webllmClient";
import { WebllmClient } from "./webllmClient";
import type { WorkerEvent, WorkerRequest } from "./protocol";

/** Just the surface of Worker that the client touches; no thread behind it. */
class FakeWorker {
  readonly posted: WorkerRequest[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;

  postMessage(request: WorkerRequest): void {
    this.posted.push(request);
  }

  terminate(): void {
    this.terminated = true;
  }

  emit(event: WorkerEvent): void {
    this.onmessage?.(new MessageEvent("message", { data: event }));
  }

  /** The id of the last request posted for `method`. */
  idOf(method: WorkerRequest["method"]): number {
    const request = this.posted.findLast((posted) => posted.method === method);
    if (!request) throw new Error(`No ${method} request was posted.`);
    return request.id;
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const client = new WebllmClient(() => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker as unknown as Worker;
  });
  /** The worker the client is using now (the latest one it created). */
  function current(): FakeWorker {
    const worker = workers.at(-1);
    if (!worker) throw new Error("The client has not created a worker.");
    return worker;
  }
  return { client, workers, current };
}

function options(overrides: Partial<CallOptions> = {}): CallOptions {
  return { inactivityTimeoutMs: 60_000, timeoutError: () => new EngineError("NETWORK"), ...overrides };
}

const loadArgs = { modelId: "Mistral-7B", contextWindowTokens: 8192 };
const generateArgs = { messages: [{ role: "user" as const, content: "Salut" }], sampling: { temperature: 0.7, topP: 0.95 } };

/** Resolves with the EngineError the promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<EngineError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(EngineError);
  return error as EngineError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("WebllmClient", () => {
  it("posts each request with its method and args, and resolves each call with its own result", async () => {
    const { client, current } = setup();
    const load = client.call("load", loadArgs, options());
    const interrupt = client.call("interrupt", {}, options());
    const worker = current();
    expect(worker.posted).toEqual([
      { id: expect.any(Number), method: "load", args: loadArgs },
      { id: expect.any(Number), method: "interrupt", args: {} },
    ]);
    const [loadId, interruptId] = worker.posted.map((request) => request.id);
    expect(loadId).not.toBe(interruptId);
    // Answered out of order: each result must still reach its own call.
    worker.emit({ kind: "result", id: interruptId, method: "interrupt", result: null });
    worker.emit({ kind: "result", id: loadId, method: "load", result: { modelId: "Mistral-7B", contextWindowTokens: 4096 } });
    await expect(load).resolves.toEqual({ modelId: "Mistral-7B", contextWindowTokens: 4096 });
    await expect(interrupt).resolves.toBeNull();
  });

  it("passes progress and deltas to the call's callbacks", async () => {
    const { client, current } = setup();
    const onProgress = vi.fn();
    const onDelta = vi.fn();
    const load = client.call("load", loadArgs, options({ onProgress }));
    const generate = client.call("generate", generateArgs, options({ onDelta }));
    const worker = current();
    const report = { progress: 0.4, timeElapsed: 3, text: "Fetching" };
    worker.emit({ kind: "progress", id: worker.idOf("load"), report });
    worker.emit({ kind: "delta", id: worker.idOf("generate"), text: "Bon" });
    worker.emit({ kind: "delta", id: worker.idOf("generate"), text: "jour" });
    expect(onProgress).toHaveBeenCalledWith(report);
    expect(onDelta.mock.calls).toEqual([["Bon"], ["jour"]]);
    worker.emit({ kind: "result", id: worker.idOf("load"), method: "load", result: loadArgs });
    worker.emit({ kind: "result", id: worker.idOf("generate"), method: "generate", result: { finishReason: "stop" } });
    await expect(load).resolves.toEqual(loadArgs);
    await expect(generate).resolves.toEqual({ finishReason: "stop" });
  });

  it("ignores junk and events for calls it does not know", async () => {
    const { client, current } = setup();
    const load = client.call("load", loadArgs, options());
    const worker = current();
    worker.onmessage?.(new MessageEvent("message", { data: "Error: something" }));
    // Carries a pending call's id but is no event: it must not settle (or break) that call.
    worker.onmessage?.(new MessageEvent("message", { data: { kind: "return", id: worker.idOf("load") } }));
    worker.emit({ kind: "result", id: 999, method: "unload", result: null });
    worker.emit({ kind: "result", id: worker.idOf("load"), method: "load", result: loadArgs });
    await expect(load).resolves.toEqual(loadArgs);
  });

  it("rejects with an EngineError of the code the worker sent", async () => {
    const { client, current } = setup();
    const load = client.call("load", loadArgs, options());
    const worker = current();
    worker.emit({ kind: "error", id: worker.idOf("load"), error: { code: "OUT_OF_STORAGE", message: "Full.", fix: "Free space." } });
    const error = await rejection(load);
    expect(error).toMatchObject({ code: "OUT_OF_STORAGE", message: "Full.", fix: "Free space." });
  });

  it("rejects every pending call with ENGINE_CRASHED when the worker crashes, and starts a new worker next time", async () => {
    const { client, workers, current } = setup();
    const load = client.call("load", loadArgs, options());
    const generate = client.call("generate", generateArgs, options());
    expect(workers).toHaveLength(1);
    const crashed = current();
    crashed.onerror?.(new ErrorEvent("error", { message: "Uncaught RangeError", cancelable: true }));
    expect((await rejection(load)).code).toBe("ENGINE_CRASHED");
    expect(await rejection(generate)).toMatchObject({ code: "ENGINE_CRASHED", detail: "Uncaught RangeError" });
    expect(crashed.terminated).toBe(true);

    const again = client.call("load", loadArgs, options());
    expect(workers).toHaveLength(2);
    const fresh = current();
    expect(fresh.posted).toHaveLength(1);
    fresh.emit({ kind: "result", id: fresh.idOf("load"), method: "load", result: loadArgs });
    await expect(again).resolves.toEqual(loadArgs);
  });

  it("rejects every pending call when a message cannot be read", async () => {
    const { client, current } = setup();
    const load = client.call("load", loadArgs, options());
    current().onmessageerror?.(new MessageEvent("messageerror"));
    expect((await rejection(load)).code).toBe("ENGINE_CRASHED");
  });

  it("reuses one worker while it is healthy", () => {
    const { client, workers } = setup();
    void client.call("load", loadArgs, options());
    void client.call("generate", generateArgs, options());
    expect(workers).toHaveLength(1);
  });

  it("times out a silent worker with the call's own error, and terminates it", async () => {
    vi.useFakeTimers();
    const { client, workers, current } = setup();
    const timeoutError = () => new EngineError("DEVICE_LOST", { message: "Silent GPU." });
    const load = client.call("load", loadArgs, options({ inactivityTimeoutMs: 1000, timeoutError }));
    const failure = rejection(load);
    await vi.advanceTimersByTimeAsync(999);
    expect(current().terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(current().terminated).toBe(true);
    expect(await failure).toMatchObject({ code: "DEVICE_LOST", message: "Silent GPU." });
    void client.call("load", loadArgs, options());
    expect(workers).toHaveLength(2);
  });

  it("restarts the inactivity timer on every progress event", async () => {
    vi.useFakeTimers();
    const { client, current } = setup();
    const load = client.call("load", loadArgs, options({ inactivityTimeoutMs: 1000 }));
    let settled = false;
    const failure = rejection(load).finally(() => {
      settled = true;
    });
    const worker = current();
    for (let step = 0; step < 3; step++) {
      await vi.advanceTimersByTimeAsync(900);
      worker.emit({ kind: "progress", id: worker.idOf("load"), report: { progress: step / 3, timeElapsed: step, text: "" } });
    }
    // 2.7 s since the call, but never 1 s without an event.
    await vi.advanceTimersByTimeAsync(900);
    expect(settled).toBe(false);
    expect(worker.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(worker.terminated).toBe(true);
    expect((await failure).code).toBe("NETWORK");
  });

  it("asks the worker to interrupt when a generate call is aborted, and still waits for its answer", async () => {
    const { client, current } = setup();
    const controller = new AbortController();
    const generate = client.call("generate", generateArgs, options({ signal: controller.signal }));
    const worker = current();
    controller.abort();
    expect(worker.posted.map((request) => request.method)).toEqual(["generate", "interrupt"]);
    expect(worker.idOf("interrupt")).not.toBe(worker.idOf("generate"));
    // An interrupted reply still reports how far it got.
    worker.emit({ kind: "result", id: worker.idOf("generate"), method: "generate", result: { finishReason: "abort" } });
    await expect(generate).resolves.toEqual({ finishReason: "abort" });
  });

  it("asks the worker to unload when a load call is aborted", async () => {
    const { client, current } = setup();
    const controller = new AbortController();
    const load = client.call("load", loadArgs, options({ signal: controller.signal }));
    const worker = current();
    controller.abort();
    expect(worker.posted.map((request) => request.method)).toEqual(["load", "unload"]);
    worker.emit({ kind: "error", id: worker.idOf("load"), error: new EngineError("ABORTED").toData() });
    expect((await rejection(load)).code).toBe("ABORTED");
  });

  it("posts nothing when aborted after the call already finished", async () => {
    const { client, current } = setup();
    const controller = new AbortController();
    const load = client.call("load", loadArgs, options({ signal: controller.signal }));
    const worker = current();
    worker.emit({ kind: "result", id: worker.idOf("load"), method: "load", result: loadArgs });
    await load;
    controller.abort();
    expect(worker.posted.map((request) => request.method)).toEqual(["load"]);
  });

  it("rejects an already-aborted call with ABORTED without posting anything", async () => {
    const { client, workers } = setup();
    const controller = new AbortController();
    controller.abort();
    const call = client.call("generate", generateArgs, options({ signal: controller.signal }));
    expect(workers.flatMap((worker) => worker.posted)).toEqual([]);
    expect((await rejection(call)).code).toBe("ABORTED");
  });
});
