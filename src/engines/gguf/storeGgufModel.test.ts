// @vitest-environment node
// jsdom's Blob and File have no stream(), which storeGgufModel reads a picked file with.
import { describe, expect, it, vi } from "vitest";
import { buildTinyGgufModel } from "../../../e2e/fixtures/tinyGgufModel";
import { EngineError } from "../engineError";
import type { GgufFileWriter } from "./ggufModelStore";
import type { GgufLoadProgress, StoredGgufModel } from "./ggufProtocol";
import { mapGgufError } from "./mapGgufError";
import { GgufFormatError } from "./readGgufHeader";
import { storeGgufModel } from "./storeGgufModel";
import type { GgufStorage, StoreOptions } from "./storeGgufModel";

const tinyModel = buildTinyGgufModel();
const tinyModelBytes = 474_624;
const chunkBytes = 64 * 1024;
const modelUrl = "https://huggingface.co/org/repo/resolve/main/tiny%20model.gguf?download=true";

interface MemoryStorage extends GgufStorage {
  readonly committed: StoredGgufModel[];
  readonly discarded: string[];
  readonly writersCreated: string[];
  contentsOf(id: string): Promise<Uint8Array>;
}

function createMemoryStorage(space: { quota?: number; usage?: number } = {}): MemoryStorage {
  const files = new Map<string, File>();
  const committed: StoredGgufModel[] = [];
  const discarded: string[] = [];
  const writersCreated: string[] = [];

  async function open(id: string): Promise<File> {
    const file = files.get(id);
    if (!file) throw new Error(`Nothing stored under ${id}`);
    return file;
  }

  function createWriter(id: string): Promise<GgufFileWriter> {
    writersCreated.push(id);
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    let bytesWritten = 0;
    return Promise.resolve({
      get bytesWritten() {
        return bytesWritten;
      },
      write(chunk: Uint8Array) {
        chunks.push(chunk.slice());
        bytesWritten += chunk.length;
      },
      async close() {
        const file = new File(chunks, `${id}.gguf`);
        files.set(id, file);
        return file;
      },
      async commit(model: StoredGgufModel) {
        committed.push(model);
      },
      async discard() {
        files.delete(id);
        discarded.push(id);
      },
    });
  }

  return {
    committed,
    discarded,
    writersCreated,
    list: async () => [...committed],
    open,
    createWriter,
    estimate: async () => ({ ...space }),
    contentsOf: async (id) => new Uint8Array(await (await open(id)).arrayBuffer()),
  };
}

/**
 * A download body delivered in chunks. After `stallAfterChunks` it waits, and errors with an
 * AbortError once `signal` aborts, as fetch's body does.
 */
function chunkedBody(bytes: Uint8Array, options: { signal?: AbortSignal; stallAfterChunks?: number } = {}): ReadableStream<Uint8Array> {
  let offset = 0;
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= (options.stallAfterChunks ?? Infinity)) {
        return new Promise<void>((resolve) => {
          options.signal?.addEventListener("abort", () => {
            controller.error(new DOMException("The operation was aborted.", "AbortError"));
            resolve();
          });
        });
      }
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkBytes));
      offset += chunkBytes;
      sent += 1;
    },
  });
}

interface ServedDownload {
  status?: number;
  /** Defaults to the body's real length. */
  contentLength?: number;
  stallAfterChunks?: number;
}

function fakeFetch(body: Uint8Array | string, served: ServedDownload = {}) {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return vi.fn<typeof fetch>(async (_input, init) => {
    const stream = chunkedBody(bytes, { signal: init?.signal ?? undefined, stallAfterChunks: served.stallAfterChunks });
    return new Response(stream, {
      status: served.status ?? 200,
      headers: { "content-length": String(served.contentLength ?? bytes.length) },
    });
  });
}

/** Every read of the clock moves it on past the progress throttle, so each chunk is reported. */
function counterClock(): () => number {
  let time = 0;
  return () => (time += 100);
}

function storeOptions(overrides: Partial<StoreOptions> = {}) {
  const reports: GgufLoadProgress[] = [];
  let ids = 0;
  const options: StoreOptions = {
    signal: new AbortController().signal,
    now: counterClock(),
    onProgress: (report) => reports.push(report),
    newId: () => `model-${(ids += 1)}`,
    ...overrides,
  };
  return { options, reports };
}

/** toEqual on half a megabyte of bytes takes seconds. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("Expected the promise to reject");
}

async function engineErrorOf(promise: Promise<unknown>): Promise<EngineError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(EngineError);
  return error as EngineError;
}

describe("storeGgufModel: downloads", () => {
  it("streams the model into storage with progress and lists it with its metadata", async () => {
    const storage = createMemoryStorage();
    const { options, reports } = storeOptions({ fetch: fakeFetch(tinyModel) });
    const model = await storeGgufModel({ kind: "url", url: modelUrl }, storage, options);

    expect(model).toEqual({
      id: "model-1",
      name: "tramontane-tiny-test-model",
      fileName: "tiny model.gguf",
      bytes: tinyModelBytes,
      origin: { kind: "url", url: modelUrl },
      addedAt: expect.any(Number),
      architecture: "llama",
      trainedContextTokens: 512,
    });
    expect(storage.committed).toEqual([model]);
    expect(storage.discarded).toEqual([]);
    expect(sameBytes(await storage.contentsOf("model-1"), tinyModel)).toBe(true);

    expect(reports.length).toBeGreaterThan(2);
    expect(reports.every((report) => report.phase === "downloading" && report.bytesTotal === tinyModelBytes)).toBe(true);
    const done = reports.map((report) => report.bytesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done[0]).toBeLessThan(tinyModelBytes);
    expect(done.at(-1)).toBe(tinyModelBytes);
  });

  it("returns the stored model for a URL it already downloaded, without fetching", async () => {
    const storage = createMemoryStorage();
    const first = await storeGgufModel({ kind: "url", url: modelUrl }, storage, storeOptions({ fetch: fakeFetch(tinyModel) }).options);
    const fetchAgain = fakeFetch(tinyModel);
    const second = await storeGgufModel({ kind: "url", url: modelUrl }, storage, storeOptions({ fetch: fetchAgain }).options);
    expect(second).toEqual(first);
    expect(fetchAgain).not.toHaveBeenCalled();
    expect(storage.committed).toHaveLength(1);
  });

  it("rejects a web page after its first bytes and removes what was started", async () => {
    const storage = createMemoryStorage();
    const page = "<!doctype html><html><body>Sign in to continue</body></html>";
    const error = await engineErrorOf(storeGgufModel({ kind: "url", url: modelUrl }, storage, storeOptions({ fetch: fakeFetch(page) }).options));
    expect(error.code).toBe("MODEL_FILE_INVALID");
    expect(storage.discarded).toEqual(["model-1"]);
    expect(storage.committed).toEqual([]);
  });

  it("reports an HTTP error status as NETWORK before creating a file", async () => {
    const storage = createMemoryStorage();
    const options = storeOptions({ fetch: fakeFetch("Not Found", { status: 404 }) }).options;
    const error = await engineErrorOf(storeGgufModel({ kind: "url", url: modelUrl }, storage, options));
    expect(error.code).toBe("NETWORK");
    expect(error.message).toContain("404");
    expect(storage.writersCreated).toEqual([]);
  });

  it("refuses a model over the engine's memory from its Content-Length, before creating a file", async () => {
    const storage = createMemoryStorage();
    const fiveGiB = 5 * 2 ** 30;
    // The body is the tiny model: only the announced length can make this fail.
    const options = storeOptions({ fetch: fakeFetch(tinyModel, { contentLength: fiveGiB }) }).options;
    const error = await engineErrorOf(storeGgufModel({ kind: "url", url: modelUrl }, storage, options));
    expect(error.code).toBe("MODEL_TOO_LARGE");
    expect(storage.writersCreated).toEqual([]);
  });

  it("refuses a model larger than the storage the browser offers", async () => {
    const storage = createMemoryStorage({ quota: 300_000, usage: 100_000 });
    const options = storeOptions({ fetch: fakeFetch(tinyModel) }).options;
    const error = await engineErrorOf(storeGgufModel({ kind: "url", url: modelUrl }, storage, options));
    expect(error.code).toBe("OUT_OF_STORAGE");
    expect(storage.writersCreated).toEqual([]);
  });

  it("fails a download that ends before its Content-Length, keeping nothing", async () => {
    const storage = createMemoryStorage();
    const half = tinyModel.slice(0, tinyModelBytes / 2);
    const options = storeOptions({ fetch: fakeFetch(half, { contentLength: tinyModelBytes }) }).options;
    const error = await engineErrorOf(storeGgufModel({ kind: "url", url: modelUrl }, storage, options));
    expect(error.code).toBe("NETWORK");
    expect(error.message).toContain("stopped early");
    expect(storage.discarded).toEqual(["model-1"]);
    expect(storage.committed).toEqual([]);
  });

  it("stops a download when its signal aborts mid-way, keeping nothing", async () => {
    const storage = createMemoryStorage();
    const controller = new AbortController();
    const { options, reports } = storeOptions({ signal: controller.signal, fetch: fakeFetch(tinyModel, { stallAfterChunks: 1 }) });
    const storing = storeGgufModel({ kind: "url", url: modelUrl }, storage, {
      ...options,
      onProgress: (report) => {
        options.onProgress(report);
        // Aborted while the next chunk is awaited, as a person pressing Cancel would.
        queueMicrotask(() => controller.abort());
      },
    });
    const error = await engineErrorOf(storing);
    expect(error.code).toBe("ABORTED");
    expect(reports).toEqual([{ phase: "downloading", bytesDone: chunkBytes, bytesTotal: tinyModelBytes }]);
    expect(storage.discarded).toEqual(["model-1"]);
    expect(storage.committed).toEqual([]);
  });
});

describe("storeGgufModel: picked files", () => {
  it("rejects a cut-short file before creating anything", async () => {
    const storage = createMemoryStorage();
    const truncated = new File([tinyModel.slice(0, Math.floor(tinyModelBytes * 0.9))], "tiny.gguf");
    const error = await rejectionOf(storeGgufModel({ kind: "file", file: truncated }, storage, storeOptions().options));
    // storeGgufModel lets the header check's error through; the worker handler maps it.
    expect(error).toBeInstanceOf(GgufFormatError);
    expect(error).toHaveProperty("problem", "truncated");
    expect(mapGgufError(error, "load").code).toBe("MODEL_FILE_INVALID");
    expect(storage.writersCreated).toEqual([]);
  });

  it("copies a good file with progress, then finds it again instead of copying twice", async () => {
    const storage = createMemoryStorage();
    const file = new File([tinyModel.slice()], "my-tiny.gguf");
    const { options, reports } = storeOptions();
    const model = await storeGgufModel({ kind: "file", file }, storage, options);

    expect(model).toMatchObject({ fileName: "my-tiny.gguf", bytes: tinyModelBytes, origin: { kind: "file" }, architecture: "llama" });
    expect(storage.committed).toEqual([model]);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((report) => report.phase === "copying")).toBe(true);
    expect(reports.at(-1)).toEqual({ phase: "copying", bytesDone: tinyModelBytes, bytesTotal: tinyModelBytes });

    const again = await storeGgufModel({ kind: "file", file: new File([tinyModel.slice()], "my-tiny.gguf") }, storage, storeOptions().options);
    expect(again).toEqual(model);
    expect(storage.writersCreated).toHaveLength(1);
  });
});
