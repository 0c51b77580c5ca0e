/**
 * The typed protocol between the page and the GGUF worker (llama.cpp in WebAssembly through
 * wllama). Its envelope is worker/workerProtocol.ts; "generate" is the one every engine worker has.
 */
import type { GenerateMethod } from "../worker/workerChatEngine";
import type { WorkerEventOf, WorkerRequestOf } from "../worker/workerProtocol";

/** A model kept in this browser's storage (OPFS), as listed in the model manager. */
export interface StoredGgufModel {
  id: string;
  /** From the file's metadata (general.name and size label), else the file name. */
  name: string;
  fileName: string;
  bytes: number;
  /** Where it came from: a download (its URL) or a file the person opened. */
  origin: { kind: "url"; url: string } | { kind: "file" };
  addedAt: number;
  architecture?: string;
  /** The context the model was trained for, from its metadata. */
  trainedContextTokens?: number;
}

export type GgufModelSource =
  | { kind: "stored"; id: string }
  | { kind: "url"; url: string }
  /** A File the person picked or dropped: it is copied into storage, never uploaded anywhere. */
  | { kind: "file"; file: File };

export type GgufLoadPhase = "downloading" | "copying" | "loading";

export interface GgufLoadProgress {
  phase: GgufLoadPhase;
  bytesDone: number;
  /** Unknown for a download whose server sends no Content-Length. */
  bytesTotal?: number;
}

/**
 * While a long prompt is read (prefill), no token comes for a while on a CPU: these reports keep
 * the page's watchdog from taking the silence for a hung engine.
 */
export interface GgufPromptProgress {
  phase: "prompt";
  tokensDone: number;
  tokensTotal: number;
}

export type GgufProgress = GgufLoadProgress | GgufPromptProgress;

export interface GgufLoaded {
  model: StoredGgufModel;
  contextTokens: number;
  /** Threads llama.cpp really uses: 1 unless the page is cross-origin isolated. */
  threads: number;
}

export type GgufWorkerMethods = {
  /** Stores the model if it is new (download or copy), then loads it into the engine. */
  load: { args: { source: GgufModelSource; contextTokens: number }; result: GgufLoaded };
  generate: GenerateMethod;
  /** Stops the running reply; the partial text and its usage are kept. */
  interrupt: { args: Record<string, never>; result: null };
  /** Frees the engine's memory; also cancels a load (a half-stored file is removed). */
  unload: { args: Record<string, never>; result: null };
};

export type GgufWorkerRequest = WorkerRequestOf<GgufWorkerMethods>;
export type GgufWorkerEvent = WorkerEventOf<GgufWorkerMethods, GgufProgress>;
