import { describe, expect, it, vi } from "vitest";
import type { InitProgressCallback } from "@mlc-ai/web-llm";
import type { WorkerEvent, WorkerRequest } from "./protocol";
import { createWorkerHandler } from "./workerHandler";
import type { WorkerEngine, WorkerEngineChunk, WorkerEngineRequest } from "./workerHandler";

/** What one reload() call does; the default resolves at once, as a cached model would. */
type ReloadScript = (fake: FakeEngine, contextWindowTokens: number) => Promise<void>;

/** A scripted stand-in for web-llm's MLCEngine. */
class FakeEngine implements WorkerEngine {
  readonly reloads: Array<{ modelId: string; contextWindowTokens: number | undefined }> = [];
  readonly reloadScripts: ReloadScript[] = [];
  readonly requests: WorkerEngineRequest[] = [];
  chunks: WorkerEngineChunk[] = [];
  progress: InitProgressCallback | undefined;
  /** Resolves the reload in flight quietly, as web-llm does when unload() aborts it. */
  private abortReload: (() => void) | undefined;
  readonly interruptGenerate = vi.fn(() => Promise.resolve());

  readonly chat = {
    completions: {
      create: (request: WorkerEngineRequest): Promise<AsyncIterable<WorkerEngineChunk>> => {
        this.requests.push(request);
        const chunks = this.chunks;
        return Promise.resolve(
          (async function* () {
            yield* chunks;
          })(),
        );
      },
    },
  };

  reload(modelId: string, chatOpts: { context_window_size?: number }): Promise<void> {
    this.reloads.push({ modelId, contextWindowTokens: chatOpts.context_window_size });
    const script = this.reloadScripts.shift();
    return script ? script(this, chatOpts.context_window_size ?? 0) : Promise.resolve();
  }

  /** A reload that reports progress, then waits until unload() aborts it. */
  hangUntilUnloaded(): Promise<void> {
    this.progress?.({ progress: 0.25, timeElapsed: 1, text: "Fetching param cache[1/4]" });
    return new Promise((resolve) => {
      this.abortReload = resolve;
    });
  }

  unload(): Promise<void> {
    this.abortReload?.();
    this.abortReload = undefined;
    return Promise.resolve();
  }

  setInitProgressCallback(callback: InitProgressCallback): void {
    this.progress = callback;
  }
}

function deviceLost(): Promise<void> {
  return Promise.reject(Object.assign(new Error("The WebGPU device was lost while loading the model."), { name: "DeviceLostError" }));
}

function setup() {
  const engine = new FakeEngine();
  const events: WorkerEvent[] = [];
  const waiters: Array<() => void> = [];
  const handle = createWorkerHandler(engine, (event) => {
    events.push(event);
    for (const wake of waiters.splice(0)) wake();
  });
  /** The result or error event that ends request `id`, once posted. */
  async function settled(id: number): Promise<WorkerEvent> {
    for (;;) {
      const end = events.find((event) => event.id === id && (event.kind === "result" || event.kind === "error"));
      if (end) return end;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }
  function send(request: WorkerRequest): Promise<WorkerEvent> {
    handle(request);
    return settled(request.id);
  }
  return { engine, events, send, settled, handle };
}

const sampling = { temperature: 0.7, topP: 0.95 };
const messages = [{ role: "user" as const, content: "Bonjour" }];

function chunk(content: string | null, finishReason: WorkerEngineChunk["choices"][number]["finish_reason"] = null): WorkerEngineChunk {
  return { choices: [{ delta: { content }, finish_reason: finishReason }] };
}

const usageChunk: WorkerEngineChunk = {
  choices: [],
  usage: {
    prompt_tokens: 12,
    completion_tokens: 3,
    total_tokens: 15,
    extra: { time_to_first_token_s: 0.2504, decode_tokens_per_s: 31.5, prefill_tokens_per_s: 410 },
  },
};

describe("createWorkerHandler: load", () => {
  it("posts progress for the request and resolves with the model and context used", async () => {
    const { engine, events, send } = setup();
    engine.reloadScripts.push(async (fake) => {
      fake.progress?.({ progress: 0.5, timeElapsed: 2, text: "Loading" });
    });
    const end = await send({ id: 7, method: "load", args: { modelId: "Mistral-7B", contextWindowTokens: 8192 } });
    expect(events[0]).toEqual({ kind: "progress", id: 7, report: { progress: 0.5, timeElapsed: 2, text: "Loading" } });
    expect(end).toEqual({ kind: "result", id: 7, method: "load", result: { modelId: "Mistral-7B", contextWindowTokens: 8192 } });
    expect(engine.reloads).toEqual([{ modelId: "Mistral-7B", contextWindowTokens: 8192 }]);
  });

  it("reports ABORTED, not loaded, when unload() cut the load short", async () => {
    const { engine, send, settled, handle } = setup();
    engine.reloadScripts.push((fake) => fake.hangUntilUnloaded());
    handle({ id: 1, method: "load", args: { modelId: "Mistral-7B", contextWindowTokens: 8192 } });
    await vi.waitFor(() => expect(engine.reloads).toHaveLength(1));
    await send({ id: 2, method: "unload", args: {} });
    const end = await settled(1);
    expect(end).toMatchObject({ kind: "error", id: 1, error: { code: "ABORTED" } });
    // Nothing is loaded, so a message cannot be sent to the half-loaded model.
    expect(await send({ id: 3, method: "generate", args: { messages, sampling } })).toMatchObject({ kind: "error" });
  });

  it("reports the superseded load ABORTED when a newer load starts before it finished", async () => {
    const { engine, send, settled, handle } = setup();
    engine.reloadScripts.push((fake) => fake.hangUntilUnloaded());
    // web-llm's reload() starts with unload(), which aborts the reload in flight.
    engine.reloadScripts.push(async (fake) => fake.unload());
    handle({ id: 1, method: "load", args: { modelId: "Mistral-7B", contextWindowTokens: 8192 } });
    await vi.waitFor(() => expect(engine.reloads).toHaveLength(1));
    const second = await send({ id: 2, method: "load", args: { modelId: "Ministral-3B", contextWindowTokens: 4096 } });
    expect(second).toMatchObject({ kind: "result", result: { modelId: "Ministral-3B" } });
    expect(await settled(1)).toMatchObject({ kind: "error", id: 1, error: { code: "ABORTED" } });
  });

  it("starts a reload only after the previous one settled (web-llm would lose the newer one's abort)", async () => {
    const { engine, send, settled, handle } = setup();
    engine.reloadScripts.push((fake) => fake.hangUntilUnloaded());
    handle({ id: 1, method: "load", args: { modelId: "Mistral-7B", contextWindowTokens: 8192 } });
    await vi.waitFor(() => expect(engine.reloads).toHaveLength(1));
    handle({ id: 2, method: "load", args: { modelId: "Ministral-3B", contextWindowTokens: 4096 } });
    expect(await settled(1)).toMatchObject({ kind: "error", error: { code: "ABORTED" } });
    // Only once the first reload gave up did the second begin.
    await vi.waitFor(() => expect(engine.reloads).toHaveLength(2));
    expect(await send({ id: 3, method: "unload", args: {} })).toMatchObject({ kind: "result", method: "unload" });
  });

  it("retries once with half the context after the device was lost, and says so", async () => {
    const { engine, send } = setup();
    engine.reloadScripts.push(deviceLost);
    const end = await send({ id: 1, method: "load", args: { modelId: "Mistral-7B", contextWindowTokens: 8192 } });
    expect(engine.reloads.map((call) => call.contextWindowTokens)).toEqual([8192, 4096]);
    expect(end).toEqual({ kind: "result", id: 1, method: "load", result: { modelId: "Mistral-7B", contextWindowTokens: 4096 } });
  });

  it("does not retry below 2048 tokens: the device loss is the answer", async () => {
    const { engine, send } = setup();
    engine.reloadScripts.push(deviceLost);
    const end = await send({ id: 1, method: "load", args: { modelId: "Mistral-7B", contextWindowTokens: 2048 } });
    expect(engine.reloads).toHaveLength(1);
    expect(end).toMatchObject({ kind: "error", id: 1, error: { code: "DEVICE_LOST" } });
  });

  it("reports a second device loss as DEVICE_LOST after the one retry", async () => {
    const { engine, send } = setup();
    engine.reloadScripts.push(deviceLost, deviceLost);
    const end = await send({ id: 1, method: "load", args: { modelId: "Mistral-7B", contextWindowTokens: 8192 } });
    expect(engine.reloads).toHaveLength(2);
    expect(end).toMatchObject({ kind: "error", id: 1, error: { code: "DEVICE_LOST" } });
  });

  it("sends other load failures as mapped error data", async () => {
    const { engine, send } = setup();
    engine.reloadScripts.push(() => Promise.reject(new Error("Failed to store https://hf.co/x with error: TypeError: Failed to fetch")));
    const end = await send({ id: 1, method: "load", args: { modelId: "Mistral-7B", contextWindowTokens: 8192 } });
    expect(engine.reloads).toHaveLength(1);
    expect(end).toMatchObject({ kind: "error", id: 1, error: { code: "NETWORK", message: expect.stringContaining("download") } });
  });
});

describe("createWorkerHandler: generate", () => {
  async function loaded() {
    const context = setup();
    await context.send({ id: 1, method: "load", args: { modelId: "Mistral-7B", contextWindowTokens: 8192 } });
    return context;
  }

  it("refuses to generate before a model is loaded", async () => {
    const { engine, send } = setup();
    const end = await send({ id: 1, method: "generate", args: { messages, sampling } });
    expect(end).toMatchObject({ kind: "error", id: 1, error: { code: "UNKNOWN", message: "No local model is loaded." } });
    expect(engine.requests).toEqual([]);
  });

  it("streams deltas, then a result with the finish reason and usage in our units", async () => {
    const { engine, events, send } = await loaded();
    engine.chunks = [chunk("Bon"), chunk(""), chunk("jour"), chunk(null, "stop"), usageChunk];
    const end = await send({ id: 2, method: "generate", args: { messages, sampling } });
    expect(events.filter((event) => event.id === 2 && event.kind === "delta")).toEqual([
      { kind: "delta", id: 2, text: "Bon" },
      { kind: "delta", id: 2, text: "jour" },
    ]);
    expect(end).toEqual({
      kind: "result",
      id: 2,
      method: "generate",
      result: {
        finishReason: "stop",
        usage: {
          promptTokens: 12,
          completionTokens: 3,
          totalTokens: 15,
          timeToFirstTokenMs: 250,
          decodeTokensPerSecond: 31.5,
          prefillTokensPerSecond: 410,
        },
      },
    });
  });

  it.each([
    ["length", "length"],
    ["abort", "abort"],
    ["stop", "stop"],
    ["tool_calls", "stop"],
  ] as const)("maps finish_reason %s to %s", async (theirs, ours) => {
    const { engine, send } = await loaded();
    engine.chunks = [chunk("x"), chunk(null, theirs)];
    expect(await send({ id: 2, method: "generate", args: { messages, sampling } })).toMatchObject({ result: { finishReason: ours } });
  });

  it("sends only the fields web-llm accepts", async () => {
    const { engine, send } = await loaded();
    await send({ id: 2, method: "generate", args: { messages, sampling } });
    await send({ id: 3, method: "generate", args: { messages, sampling: { ...sampling, maxTokens: 256 } } });
    const base = { messages, stream: true, stream_options: { include_usage: true }, temperature: 0.7, top_p: 0.95 };
    // toStrictEqual: a `max_tokens: undefined` key would fail, as would any extra field.
    expect(engine.requests[0]).toStrictEqual(base);
    expect(engine.requests[1]).toStrictEqual({ ...base, max_tokens: 256 });
  });

  it("maps a failure while generating with the generate phase", async () => {
    const { engine, send } = await loaded();
    engine.chat.completions.create = () => Promise.reject(Object.assign(new Error("Device lost"), { name: "DeviceLostError" }));
    const end = await send({ id: 2, method: "generate", args: { messages, sampling } });
    expect(end).toMatchObject({ kind: "error", error: { code: "DEVICE_LOST", message: expect.stringContaining("writing the reply") } });
  });

  it("answers interrupt by interrupting web-llm", async () => {
    const { engine, send } = await loaded();
    expect(await send({ id: 2, method: "interrupt", args: {} })).toEqual({ kind: "result", id: 2, method: "interrupt", result: null });
    expect(engine.interruptGenerate).toHaveBeenCalledTimes(1);
  });
});
