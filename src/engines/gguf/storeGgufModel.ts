/**
 * Puts a new GGUF model into storage, from a URL (download) or from a file the person picked:
 * checked before anything is written where that can be known (size against the engine's memory
 * and the browser's quota, the file's header), streamed to disk with progress, checked again when
 * complete, and only then listed. Any failure or cancel removes what was written.
 */
import { EngineError } from "../engineError";
import { formatBytes } from "../../ui/formatBytes";
import type { GgufFileWriter } from "./ggufModelStore";
import type { GgufLoadProgress, GgufModelSource, StoredGgufModel } from "./ggufProtocol";
import { ggufMemoryProblem } from "./ggufSizing";
import { checkGgufFile, ggufContextLength, ggufDisplayName, startsLikeGguf } from "./readGgufHeader";

export interface GgufStorage {
  list(): Promise<StoredGgufModel[]>;
  open(id: string): Promise<File>;
  createWriter(id: string): Promise<GgufFileWriter>;
  estimate(): Promise<{ quota?: number; usage?: number }>;
}

export interface StoreOptions {
  signal: AbortSignal;
  now: () => number;
  onProgress: (report: GgufLoadProgress) => void;
  fetch?: typeof fetch;
  newId?: () => string;
}

/** Progress is posted at most this often: a 2 GB download arrives in tens of thousands of chunks. */
const progressIntervalMs = 100;

export function fileNameFromUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split("/").filter(Boolean).at(-1);
    return last ? decodeURIComponent(last) : "model.gguf";
  } catch {
    return "model.gguf";
  }
}

function isSameSource(source: Exclude<GgufModelSource, { kind: "stored" }>, model: StoredGgufModel): boolean {
  if (source.kind === "url") return model.origin.kind === "url" && model.origin.url === source.url;
  return model.origin.kind === "file" && model.fileName === source.file.name && model.bytes === source.file.size;
}

async function checkRoom(storage: GgufStorage, bytes: number | undefined): Promise<void> {
  if (bytes === undefined) return;
  const problem = ggufMemoryProblem(bytes);
  if (problem) throw new EngineError("MODEL_TOO_LARGE", { detail: `${formatBytes(bytes)}. ${problem}` });
  const { quota, usage = 0 } = await storage.estimate();
  if (quota !== undefined && quota - usage < bytes) {
    throw new EngineError("OUT_OF_STORAGE", {
      message: `The model needs ${formatBytes(bytes)}, and the browser offers ${formatBytes(Math.max(0, quota - usage))} of storage here.`,
    });
  }
}

async function openDownload(url: string, options: StoreOptions): Promise<{ body: ReadableStream<Uint8Array>; bytes?: number }> {
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { signal: options.signal });
  } catch (error) {
    if (options.signal.aborted) throw new EngineError("ABORTED");
    throw new EngineError("NETWORK", {
      message: "The model could not be downloaded.",
      fix: "Check your connection and the address. The server must allow downloads from other sites (CORS), as Hugging Face does.",
      detail: error instanceof Error ? error.message : undefined,
    });
  }
  if (!response.ok || !response.body) {
    throw new EngineError("NETWORK", {
      message: `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""} instead of the model.`,
      fix: "Check the address; on Hugging Face, use the file's download link (…/resolve/…).",
    });
  }
  const length = Number(response.headers.get("content-length"));
  return { body: response.body, bytes: Number.isFinite(length) && length > 0 ? length : undefined };
}

async function copyInto(writer: GgufFileWriter, body: ReadableStream<Uint8Array>, phase: GgufLoadProgress["phase"], bytesTotal: number | undefined, options: StoreOptions) {
  const reader = body.getReader();
  let lastReport = -Infinity;
  let head = new Uint8Array(0);
  try {
    for (;;) {
      if (options.signal.aborted) throw new EngineError("ABORTED");
      const { done, value } = await reader.read();
      if (done) break;
      // Reject a web page or an error document after its first bytes, not after gigabytes.
      if (head.length < 4) {
        head = new Uint8Array([...head, ...value.subarray(0, 4 - head.length)]);
        if (head.length === 4 && !startsLikeGguf(head)) throw new EngineError("MODEL_FILE_INVALID", { message: "This is not a GGUF model file." });
      }
      writer.write(value);
      const now = options.now();
      if (now - lastReport >= progressIntervalMs) {
        lastReport = now;
        options.onProgress({ phase, bytesDone: writer.bytesWritten, bytesTotal });
      }
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (options.signal.aborted) throw new EngineError("ABORTED");
    throw error;
  }
  options.onProgress({ phase, bytesDone: writer.bytesWritten, bytesTotal });
}

export async function storeGgufModel(source: Exclude<GgufModelSource, { kind: "stored" }>, storage: GgufStorage, options: StoreOptions): Promise<StoredGgufModel> {
  const existing = (await storage.list()).find((model) => isSameSource(source, model));
  if (existing) return existing;

  const fileName = source.kind === "file" ? source.file.name : fileNameFromUrl(source.url);
  let download: { body: ReadableStream<Uint8Array>; bytes?: number };
  if (source.kind === "file") {
    // A picked file can be checked whole before a byte is copied.
    await checkGgufFile(source.file);
    await checkRoom(storage, source.file.size);
    download = { body: source.file.stream(), bytes: source.file.size };
  } else {
    // A download's size is known only from its response: checked before its body is read.
    download = await openDownload(source.url, options);
    try {
      await checkRoom(storage, download.bytes);
    } catch (error) {
      await download.body.cancel().catch(() => undefined);
      throw error;
    }
  }

  const id = (options.newId ?? (() => crypto.randomUUID()))();
  const writer = await storage.createWriter(id);
  try {
    await copyInto(writer, download.body, source.kind === "url" ? "downloading" : "copying", download.bytes, options);
    if (download.bytes !== undefined && writer.bytesWritten < download.bytes) {
      throw new EngineError("NETWORK", {
        message: `The download stopped early: ${formatBytes(writer.bytesWritten)} of ${formatBytes(download.bytes)}.`,
        fix: "Retry the download; nothing incomplete was kept.",
      });
    }
    const header = await checkGgufFile(await writer.close());
    const model: StoredGgufModel = {
      id,
      name: ggufDisplayName(header, fileName),
      fileName,
      bytes: writer.bytesWritten,
      origin: source.kind === "url" ? { kind: "url", url: source.url } : { kind: "file" },
      addedAt: Date.now(),
    };
    const architecture = header.metadata["general.architecture"];
    if (typeof architecture === "string") model.architecture = architecture;
    const trained = ggufContextLength(header);
    if (trained !== undefined) model.trainedContextTokens = trained;
    await writer.commit(model);
    return model;
  } catch (error) {
    await writer.discard();
    throw error;
  }
}
