import { describe, expect, it } from "vitest";
import { EngineError } from "../engineError";
import type { ChatChunk, ChatRequest } from "../types";
import type { WorkerEvent, WorkerMethod, WorkerMethods, WorkerRequest } from "./protocol";
import type { CallOptions } from "./webllmClient";
import { WebllmClient } from "./webllmClient";
import { createWebllmChatEngine } from "./webllmEngine";

/** Stands in for the worker under the real client: the test answers each request by hand. */
class FakeWorker {
  readonly posted: WorkerRequest[] = [];
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;

  postMessage(request: WorkerRequest): void {
    this.posted.push(request);
  }

  terminate(): void {}

  emit(event: WorkerEvent): void {
    this.onmessage?.(new MessageEvent("message", { data: event }));
  }
}

/** The real client, letting the test wait until a call has settled. */
class ObservedClient extends WebllmClient {
  readonly calls: Array<Promise<unknown>> = [];

  call<M extends WorkerMethod>(method: M, args: WorkerMethods[M]["args"], options: CallOptions): Promise<WorkerMethods[M]["result"]> {
    const call = super.call(method, args, options);
    this.calls.push(call);
    return call;
  }
}

const request: ChatRequest = {
  model: "Mistral-7B",
  messages: [{ role: "user", content: "Salut" }],
  sampling: { temperature: 0.7, topP: 0.95 },
};

const usage = { promptTokens: 5, completionTokens: 2, totalTokens: 7, timeToFirstTokenMs: 120 };

function setup(signal = new AbortController().signal) {
  const worker = new FakeWorker();
  const client = new ObservedClient(() => worker as unknown as Worker);
  const engine = createWebllmChatEngine(client);
  const stream = engine.streamChat(request, signal)[Symbol.asyncIterator]();
  /** Starts the stream (the generate request goes out on the first pull) and returns that pull. */
  function start(): { first: Promise<IteratorResult<ChatChunk>>; id: number } {
    const first = stream.next();
    const generate = worker.posted.find((posted) => posted.method === "generate");
    if (!generate) throw new Error("The engine did not post a generate request.");
    return { first, id: generate.id };
  }
  /** Pulls until the stream ends; a thrown error comes back as the last entry. */
  async function rest(): Promise<unknown[]> {
    const pulled: unknown[] = [];
    try {
      for (let next = await stream.next(); !next.done; next = await stream.next()) pulled.push(next.value);
    } catch (error) {
      pulled.push(error);
    }
    return pulled;
  }
  return { worker, client, start, rest, stream };
}

describe("createWebllmChatEngine", () => {
  it("sends the conversation and sampling to the worker", () => {
    const { worker, start } = setup();
    start();
    expect(worker.posted).toEqual([{ id: expect.any(Number), method: "generate", args: { messages: request.messages, sampling: request.sampling } }]);
  });

  it("yields deltas in order, then usage, then finish", async () => {
    const { worker, start, stream, rest } = setup();
    const { first, id } = start();
    worker.emit({ kind: "delta", id, text: "Bon" });
    expect(await first).toEqual({ done: false, value: { type: "delta", text: "Bon" } });
    const second = stream.next();
    worker.emit({ kind: "delta", id, text: "jour" });
    expect(await second).toEqual({ done: false, value: { type: "delta", text: "jour" } });
    worker.emit({ kind: "delta", id, text: " !" });
    worker.emit({ kind: "result", id, method: "generate", result: { finishReason: "length", usage } });
    expect(await rest()).toEqual([
      { type: "delta", text: " !" },
      { type: "usage", usage },
      { type: "finish", reason: "length" },
    ]);
  });

  it("keeps the order of deltas that arrive faster than they are read", async () => {
    const { worker, start, rest } = setup();
    const { first, id } = start();
    for (const text of ["Un", ", deux", ", trois"]) worker.emit({ kind: "delta", id, text });
    worker.emit({ kind: "result", id, method: "generate", result: { finishReason: "stop" } });
    const chunks = [(await first).value, ...(await rest())] as ChatChunk[];
    const text = chunks.map((chunk) => (chunk.type === "delta" ? chunk.text : "")).join("");
    expect(text).toBe("Un, deux, trois");
    expect(chunks.at(-1)).toEqual({ type: "finish", reason: "stop" });
    expect(chunks.some((chunk) => chunk.type === "usage")).toBe(false);
  });

  it("still yields the deltas that were waiting when the reply finished", async () => {
    const { worker, client, start, rest } = setup();
    const { first, id } = start();
    worker.emit({ kind: "delta", id, text: "Bon" });
    expect((await first).value).toEqual({ type: "delta", text: "Bon" });
    // The reader is slow: the last delta and the result both arrive before its next pull.
    worker.emit({ kind: "delta", id, text: "jour" });
    worker.emit({ kind: "result", id, method: "generate", result: { finishReason: "stop" } });
    await Promise.all(client.calls);
    expect(await rest()).toEqual([
      { type: "delta", text: "jour" },
      { type: "finish", reason: "stop" },
    ]);
  });

  it("ends with ABORTED after the partial reply when the person stopped it", async () => {
    const controller = new AbortController();
    const { worker, start, rest } = setup(controller.signal);
    const { first, id } = start();
    worker.emit({ kind: "delta", id, text: "Il était" });
    expect((await first).value).toEqual({ type: "delta", text: "Il était" });
    controller.abort();
    expect(worker.posted.map((posted) => posted.method)).toEqual(["generate", "interrupt"]);
    worker.emit({ kind: "delta", id, text: " une fois" });
    worker.emit({ kind: "result", id, method: "generate", result: { finishReason: "abort", usage } });
    const pulled = await rest();
    expect(pulled.slice(0, -1)).toEqual([
      { type: "delta", text: " une fois" },
      { type: "usage", usage },
    ]);
    expect(pulled.at(-1)).toBeInstanceOf(EngineError);
    expect(pulled.at(-1)).toMatchObject({ code: "ABORTED" });
  });

  it("surfaces a failed call as its EngineError, after the deltas already received", async () => {
    const { worker, start, rest } = setup();
    const { first, id } = start();
    worker.emit({ kind: "delta", id, text: "Partial" });
    worker.emit({ kind: "error", id, error: new EngineError("DEVICE_LOST", { message: "GPU gone." }).toData() });
    expect((await first).value).toEqual({ type: "delta", text: "Partial" });
    const pulled = await rest();
    expect(pulled).toHaveLength(1);
    expect(pulled[0]).toBeInstanceOf(EngineError);
    expect(pulled[0]).toMatchObject({ code: "DEVICE_LOST", message: "GPU gone." });
  });

  it("surfaces a crashed worker as an EngineError instead of hanging", async () => {
    const { worker, start, rest } = setup();
    const { first, id } = start();
    worker.emit({ kind: "delta", id, text: "Partial" });
    worker.onerror?.(new ErrorEvent("error", { message: "boom", cancelable: true }));
    expect((await first).value).toEqual({ type: "delta", text: "Partial" });
    expect(await rest()).toEqual([expect.objectContaining({ code: "ENGINE_CRASHED" })]);
  });
});
