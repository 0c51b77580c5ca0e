// @vitest-environment node
// jsdom's File has no stream(), and storeGgufModel copies downloads through streams.
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildTinyGgufModel } from "../../../e2e/fixtures/tinyGgufModel";
import type { GgufFileWriter } from "./ggufModelStore";
import type { GgufWorkerEvent, GgufWorkerRequest, StoredGgufModel } from "./ggufProtocol";
import { createGgufWorkerHandler } from "./ggufWorkerHandler";
import type { GgufEngineChunk, GgufEngineInstance } from "./ggufWorkerHandler";
import type { GgufStorage } from "./storeGgufModel";

const tinyModel = buildTinyGgufModel();
const configuredThreads = 4;
/** What the scripted engine reports; distinct from what is asked, to see where results come from. */
const engineContextTokens = 500;
const engineThreads = 3;

const storedTiny: StoredGgufModel = {
  id: "tiny",
  name: "tramontane-tiny-test-model",
  fileName: "tiny.gguf",
  bytes: tinyModel.length,
  origin: { kind: "file" },
  addedAt: 1,
  architecture: "llama",
  trainedContextTokens: 512,
};

function createMemoryStorage() {
  const files = new Map<string, File>([[storedTiny.id, new File([tinyModel.slice()], storedTiny.fileName)]]);
  const committed: StoredGgufModel[] = [storedTiny];
  const discarded: string[] = [];
  const storage: GgufStorage = {
    list: async () => [...committed],
    open: async (id) => files.get(id) ?? Promise.reject(new Error(`Nothing stored under ${id}`)),
    createWriter: async (id): Promise<GgufFileWriter> => {
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      return {
        get bytesWritten() { return chunks.reduce((sum, chunk) => sum + chunk.length, 0); },
        write: (chunk) => void chunks.push(chunk.slice()),
        close: async () => {
          const file = new File(chunks, `${id}.gguf`);
          files.set(id, file);
          return file;
        },
        commit: async (model) => void committed.push(model),
        discard: async () => void discarded.push(id),
      };
    },
    estimate: async () => ({}),
  };
  return { storage, committed, discarded };
}

/** Serves the tiny model in 64 KiB chunks; with `stallAfterChunks`, waits there until fetch's signal aborts. */
function fakeFetch(stallAfterChunks = Infinity) {
  return vi.fn<typeof fetch>(async (_input, init) => {
    let offset = 0;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= stallAfterChunks) {
          return new Promise<void>((resolve) => {
            init?.signal?.addEventListener("abort", () => {
              controller.error(new DOMException("The operation was aborted.", "AbortError"));
              resolve();
            });
          });
        }
        if (offset >= tinyModel.length) return controller.close();
        controller.enqueue(tinyModel.slice(offset, (offset += 64 * 1024)));
        sent += 1;
      },
    });
    return new Response(body, { headers: { "content-length": String(tinyModel.length) } });
  });
}

/** One createChatCompletion call: these chunks, then optionally a wait for the abort signal or an error. */
interface ScriptedReply {
  chunks: GgufEngineChunk[];
  end?: "wait-for-abort" | Error;
}

const abortError = () => Object.assign(new Error("The operation was aborted."), { name: "AbortError" });

async function* streamReply(reply: ScriptedReply, signal: AbortSignal): AsyncGenerator<GgufEngineChunk> {
  for (const chunk of reply.chunks) {
    if (signal.aborted) throw abortError();
    yield chunk;
  }
  if (reply.end === "wait-for-abort") {
    await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    throw abortError();
  }
  if (reply.end) throw reply.end;
}

type LoadParams = Parameters<GgufEngineInstance["loadModel"]>[1];
type CompletionParams = Parameters<GgufEngineInstance["createChatCompletion"]>[0];

class ScriptedEngine implements GgufEngineInstance {
  readonly loads: Array<{ blobs: Blob[]; params: LoadParams }> = [];
  readonly completions: CompletionParams[] = [];
  exitCalls = 0;
  /** Set when loads are held: finishes the pending loadModel. */
  finishLoad: (() => void) | undefined;
  private readonly replies: ScriptedReply[];
  private readonly holdLoad: boolean;

  constructor(replies: ScriptedReply[], holdLoad: boolean) {
    this.replies = replies;
    this.holdLoad = holdLoad;
  }

  loadModel(blobs: Blob[], params: LoadParams): Promise<void> {
    this.loads.push({ blobs, params });
    if (!this.holdLoad) return Promise.resolve();
    return new Promise((resolve) => (this.finishLoad = resolve));
  }

  createChatCompletion(params: CompletionParams): Promise<AsyncIterable<GgufEngineChunk>> {
    this.completions.push(params);
    return Promise.resolve(streamReply(this.replies.shift() ?? { chunks: [] }, params.abortSignal));
  }

  getLoadedContextInfo = () => ({ n_ctx: engineContextTokens });
  getNumThreads = () => engineThreads;
  exit = async (): Promise<void> => {
    this.exitCalls += 1;
  };
}

/** `heldLoads`: how many engines, first created first, wait for finishLoad() in loadModel. */
function setup(options: { heldLoads?: number } = {}) {
  const { storage, committed, discarded } = createMemoryStorage();
  const replies: ScriptedReply[] = [];
  const engines: ScriptedEngine[] = [];
  const createEngine = vi.fn(() => {
    const engine = new ScriptedEngine(replies, engines.length < (options.heldLoads ?? 0));
    engines.push(engine);
    return engine;
  });
  const events: GgufWorkerEvent[] = [];
  const waiters: Array<() => void> = [];
  let time = 0;
  // Each read moves the clock past the download progress throttle (100 ms).
  const now = () => (time += 100);
  const handle = createGgufWorkerHandler({ createEngine, storage, threads: configuredThreads, now }, (event) => {
    events.push(event);
    for (const wake of waiters.splice(0)) wake();
  });

  async function eventMatching(predicate: (event: GgufWorkerEvent) => boolean): Promise<GgufWorkerEvent> {
    for (;;) {
      const found = events.find(predicate);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }
  const settled = (id: number) => eventMatching((event) => event.id === id && (event.kind === "result" || event.kind === "error"));
  function send(request: GgufWorkerRequest): Promise<GgufWorkerEvent> {
    handle(request);
    return settled(request.id);
  }
  const eventsOf = (id: number, kind: GgufWorkerEvent["kind"]) => events.filter((event) => event.id === id && event.kind === kind);
  return { committed, discarded, replies, engines, createEngine, events, handle, send, settled, eventMatching, eventsOf };
}

/** For what posts no event (the engine's loadModel being called): a few macrotask turns. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 50 && !condition(); turn++) await new Promise((resolve) => setTimeout(resolve, 0));
  expect(condition()).toBe(true);
}

const modelUrl = "https://example.org/models/tiny.gguf";
const loadUrl = (id: number): GgufWorkerRequest => ({ id, method: "load", args: { source: { kind: "url", url: modelUrl }, contextTokens: 4096 } });
const loadStored = (id: number, contextTokens = 4096): GgufWorkerRequest => ({ id, method: "load", args: { source: { kind: "stored", id: "tiny" }, contextTokens } });
const messages = [{ role: "user" as const, content: "Bonjour" }];
const generate = (id: number): GgufWorkerRequest => ({ id, method: "generate", args: { messages, sampling: { temperature: 0.7, topP: 0.95 } } });
const text = (content: string): GgufEngineChunk => ({ choices: [{ delta: { content }, finish_reason: null }] });
const finish = (reason: string, timings?: GgufEngineChunk["timings"]): GgufEngineChunk => ({ choices: [{ delta: { content: null }, finish_reason: reason }], timings });

afterEach(() => vi.unstubAllGlobals());

describe("createGgufWorkerHandler: load", () => {
  it("downloads a URL with progress, then loads it on the CPU and answers with what the engine took", async () => {
    vi.stubGlobal("fetch", fakeFetch());
    const { engines, events, send } = setup();
    const end = await send(loadUrl(1));

    const progress = events.filter((event) => event.kind === "progress").map((event) => event.report);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.slice(0, -1).every((report) => report.phase === "downloading")).toBe(true);
    expect(progress.at(-2)).toEqual({ phase: "downloading", bytesDone: tinyModel.length, bytesTotal: tinyModel.length });
    expect(progress.at(-1)).toEqual({ phase: "loading", bytesDone: 0, bytesTotal: tinyModel.length });
    expect(events.at(-1)).toBe(end);
    expect(end).toMatchObject({
      kind: "result",
      method: "load",
      result: { model: { origin: { kind: "url", url: modelUrl }, architecture: "llama" }, contextTokens: engineContextTokens, threads: engineThreads },
    });
    expect(engines).toHaveLength(1);
    expect(engines[0]?.loads[0]?.blobs[0]?.size).toBe(tinyModel.length);
  });

  it.each([[4096, 512], [256, 256]])("asks for %i context tokens and loads with n_ctx %i (capped at the trained context)", async (requested, nCtx) => {
    const { engines, send } = setup();
    await send(loadStored(1, requested));
    expect(engines[0]?.loads[0]?.params).toEqual({ n_ctx: nCtx, n_threads: configuredThreads, n_gpu_layers: 0 });
  });

  it("reports a stored model that is gone as MODEL_FILE_INVALID", async () => {
    const { createEngine, send } = setup();
    const end = await send({ id: 1, method: "load", args: { source: { kind: "stored", id: "missing" }, contextTokens: 4096 } });
    expect(end).toMatchObject({ kind: "error", id: 1, error: { code: "MODEL_FILE_INVALID" } });
    expect(createEngine).not.toHaveBeenCalled();
  });

  it("answers ABORTED and keeps nothing when unload cancels a download", async () => {
    vi.stubGlobal("fetch", fakeFetch(1));
    const { committed, discarded, createEngine, handle, send, settled, eventMatching } = setup();
    handle(loadUrl(1));
    await eventMatching((event) => event.id === 1 && event.kind === "progress");
    expect(await send({ id: 2, method: "unload", args: {} })).toEqual({ kind: "result", id: 2, method: "unload", result: null });
    expect(await settled(1)).toMatchObject({ kind: "error", id: 1, error: { code: "ABORTED" } });
    expect(committed).toEqual([storedTiny]);
    expect(discarded).toHaveLength(1);
    expect(createEngine).not.toHaveBeenCalled();
  });

  it("answers ABORTED to a load superseded while its engine was reading the file", async () => {
    const { engines, replies, handle, settled, send } = setup({ heldLoads: 2 });
    handle(loadStored(1));
    await until(() => engines[0]?.loads.length === 1);
    handle(loadStored(2));
    await until(() => engines[1]?.loads.length === 1);
    expect(engines[0]?.exitCalls).toBe(1);

    engines[0]?.finishLoad?.();
    expect(await settled(1)).toMatchObject({ kind: "error", error: { code: "ABORTED" } });
    engines[1]?.finishLoad?.();
    expect(await settled(2)).toMatchObject({ kind: "result", result: { contextTokens: engineContextTokens } });
    // The superseded load exits only its own instance, never the newer load's.
    expect(engines[1]?.exitCalls).toBe(0);

    replies.push({ chunks: [text("Oui"), finish("stop")] });
    expect(await send(generate(3))).toMatchObject({ kind: "result", result: { finishReason: "stop" } });
  });
});

describe("createGgufWorkerHandler: cancelling while llama.cpp reads the file", () => {
  it("answers ABORTED at once, though wllama's exit() leaves its loadModel pending forever", async () => {
    const { engines, handle, settled, send } = setup({ heldLoads: 1 });
    handle(loadStored(1));
    await until(() => engines[0]?.loads.length === 1);
    expect(await send({ id: 2, method: "unload", args: {} })).toMatchObject({ kind: "result", id: 2 });
    // engines[0].finishLoad is never called: the real loadModel never settles after exit().
    expect(await settled(1)).toMatchObject({ kind: "error", id: 1, error: { code: "ABORTED" } });
    expect(engines[0]?.exitCalls).toBe(1);
  });
});

describe("createGgufWorkerHandler: generate", () => {
  it("answers an error, and keeps working, when no model is loaded", async () => {
    const { createEngine, send } = setup();
    expect(await send(generate(1))).toMatchObject({ kind: "error", id: 1, error: { code: "UNKNOWN", message: "No local model is loaded." } });
    expect(createEngine).not.toHaveBeenCalled();
    expect(await send(loadStored(2))).toMatchObject({ kind: "result", method: "load" });
  });

  it("streams deltas in order, then the finish reason and usage from llama.cpp's timings", async () => {
    vi.stubGlobal("fetch", fakeFetch());
    const { engines, replies, send, eventsOf } = setup();
    await send(loadUrl(1));
    const timings = { prompt_n: 12, prompt_per_second: 400, predicted_n: 5, predicted_per_second: 9.5 };
    replies.push({ chunks: [text("Bon"), text(""), text("jour"), finish("stop", timings)] });
    const end = await send(generate(2));

    expect(eventsOf(2, "delta")).toEqual([{ kind: "delta", id: 2, text: "Bon" }, { kind: "delta", id: 2, text: "jour" }]);
    expect(end).toEqual({
      kind: "result",
      id: 2,
      method: "generate",
      result: {
        finishReason: "stop",
        // completionTokens is llama.cpp's count (5), not the number of pieces streamed (2).
        usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17, timeToFirstTokenMs: 100, decodeTokensPerSecond: 9.5, prefillTokensPerSecond: 400 },
      },
    });
    const sent = { messages, stream: true, abortSignal: expect.any(AbortSignal), temperature: 0.7, top_p: 0.95, timings_per_token: true, return_progress: true };
    // toStrictEqual: a `max_tokens: undefined` key would fail.
    expect(engines[0]?.completions[0]).toStrictEqual(sent);
  });

  it("ends with finishReason length when llama.cpp stopped at max tokens", async () => {
    const { replies, send } = setup();
    await send(loadStored(1));
    replies.push({ chunks: [text("Il était"), finish("length")] });
    expect(await send(generate(2))).toMatchObject({ kind: "result", result: { finishReason: "length" } });
  });

  it("posts prompt progress while the prompt is read", async () => {
    const { replies, send, eventsOf } = setup();
    await send(loadStored(1));
    const reading = (processed: number): GgufEngineChunk => ({ choices: [], prompt_progress: { total: 300, processed } });
    replies.push({ chunks: [reading(100), reading(300), text("Oui"), finish("stop")] });
    await send(generate(2));
    expect(eventsOf(2, "progress")).toEqual([
      { kind: "progress", id: 2, report: { phase: "prompt", tokensDone: 100, tokensTotal: 300 } },
      { kind: "progress", id: 2, report: { phase: "prompt", tokensDone: 300, tokensTotal: 300 } },
    ]);
  });

  it("ends an interrupted reply with finishReason abort, keeping what was streamed", async () => {
    const { replies, handle, send, settled, eventMatching, eventsOf } = setup();
    await send(loadStored(1));
    replies.push({ chunks: [text("Il"), text(" était")], end: "wait-for-abort" });
    handle(generate(2));
    await eventMatching((event) => event.kind === "delta" && event.text === " était");
    expect(await send({ id: 3, method: "interrupt", args: {} })).toEqual({ kind: "result", id: 3, method: "interrupt", result: null });

    expect(await settled(2)).toMatchObject({ kind: "result", result: { finishReason: "abort", usage: { completionTokens: 2 } } });
    expect(eventsOf(2, "delta").map((event) => (event.kind === "delta" ? event.text : ""))).toEqual(["Il", " était"]);
    expect(eventsOf(2, "error")).toEqual([]);
  });

  it("after a crash mid-reply, drops the dead instance and restarts the same model for the next reply", async () => {
    const { engines, createEngine, replies, send, eventsOf } = setup();
    await send(loadStored(1));
    replies.push({ chunks: [text("Par")], end: new WebAssembly.RuntimeError("unreachable") });
    replies.push({ chunks: [text("Bonjour"), finish("stop")] });

    const crashed = await send(generate(2));
    expect(crashed).toMatchObject({ kind: "error", id: 2, error: { code: "ENGINE_CRASHED" } });
    expect(eventsOf(2, "delta")).toEqual([{ kind: "delta", id: 2, text: "Par" }]);
    expect(engines[0]?.exitCalls).toBe(1);

    expect(await send(generate(3))).toMatchObject({ kind: "result", result: { finishReason: "stop" } });
    expect(createEngine).toHaveBeenCalledTimes(2);
    expect(engines[1]?.loads[0]?.blobs[0]).toBe(engines[0]?.loads[0]?.blobs[0]);
    // The new instance gets the context the dead one really had (what the engine reported).
    expect(engines[1]?.loads[0]?.params).toEqual({ n_ctx: engineContextTokens, n_threads: configuredThreads, n_gpu_layers: 0 });
    expect(engines[1]?.exitCalls).toBe(0);
    expect(eventsOf(3, "delta")).toEqual([{ kind: "delta", id: 3, text: "Bonjour" }]);
  });
});
