/**
 * The local models on offer. Ids, URLs and GPU memory come from web-llm's own records (copied at
 * build time into webllmModelRecords.generated.ts, checked against the installed package by
 * catalog.test.ts), never from hand-copied numbers. Only what the records do not carry — display
 * names, context limits, attention shapes — is stated here, per model family.
 *
 * Type-only imports from web-llm: the page must never load its 6.8 MB bundle (DESIGN.md rule 4).
 */
import type { AppConfig, ModelRecord } from "@mlc-ai/web-llm";
import { webllmModelRecords } from "./webllmModelRecords.generated";

export type LocalModelFamily = "mistral-7b" | "ministral-3b";
export type LocalModelQuantization = "q4f16_1" | "q4f32_1";

export interface LocalModel {
  /** web-llm's model_id. */
  id: string;
  family: LocalModelFamily;
  displayName: string;
  quantization: LocalModelQuantization;
  /** Every q4f16 build runs 16-bit shaders, whether or not its record lists "shader-f16". */
  needsShaderF16: boolean;
  /** web-llm's estimate for the record's default context (vram_required_MB), in bytes. */
  vramBytes: number;
  /** The context web-llm loads with unless told otherwise (the record's override). */
  defaultContextTokens: number;
  /** The longest context this build is known to support. */
  maxContextTokens: number;
  /** GPU memory the KV cache takes per token of context. */
  kvBytesPerToken: number;
  /** Size of the weights download; unknown until the tensor-cache manifest has been read. */
  downloadBytes: number | undefined;
  /** web-llm's `model` (Hugging Face repository URL). */
  modelUrl: string;
  /** web-llm's `model_lib` (the compiled WebGPU library, .wasm). */
  modelLibUrl: string;
  /** web-llm's low_resource_required: meant to fit phones and small GPUs. */
  lowResource: boolean;
}

/** What the records do not say, per family. */
interface FamilyFacts {
  idPrefix: string;
  displayName: string;
  maxContextTokens: number;
  /** Attention shape, for the KV cache: layers × KV heads × head dimension. */
  layers: number;
  kvHeads: number;
  headDim: number;
}

const families: Record<LocalModelFamily, FamilyFacts> = {
  // Mistral 7B v0.3: 32 layers, 8 KV heads of 128 (GQA), trained for a 32K context.
  "mistral-7b": { idPrefix: "Mistral-7B-Instruct-v0.3-", displayName: "Mistral 7B Instruct v0.3", maxContextTokens: 32768, layers: 32, kvHeads: 8, headDim: 128 },
  // Ministral 3 3B: 26 layers, 8 KV heads of 128 (published architecture; the web-llm record has
  // no shape). The model itself reaches 256K tokens, but neither the record (4096) nor anything
  // shipped with web-llm says how far this MLC build was compiled and tested, so 4096 is the only
  // context we know works.
  "ministral-3b": { idPrefix: "Ministral-3-3B-Instruct-2512-", displayName: "Ministral 3 3B Instruct", maxContextTokens: 4096, layers: 26, kvHeads: 8, headDim: 128 },
};

/** web-llm's fallback when neither the record nor mlc-chat-config.json is consulted. */
const fallbackContextTokens = 4096;
const mebibyte = 2 ** 20;

/**
 * MLC allocates the KV cache in the model's own dtype: f16 for q4f16 builds, f32 for q4f32
 * builds. That is why the f32 build of a model needs more GPU memory per token.
 */
const kvElementBytes: Record<LocalModelQuantization, number> = { q4f16_1: 2, q4f32_1: 4 };

function familyOf(modelId: string): LocalModelFamily {
  for (const [family, facts] of Object.entries(families) as [LocalModelFamily, FamilyFacts][]) {
    if (modelId.startsWith(facts.idPrefix)) return family;
  }
  throw new Error(`No catalog family for web-llm model "${modelId}"`);
}

function quantizationOf(modelId: string): LocalModelQuantization {
  const match = /-(q4f16_1|q4f32_1)-MLC$/.exec(modelId);
  if (!match) throw new Error(`Cannot read the quantization of web-llm model "${modelId}"`);
  return match[1] as LocalModelQuantization;
}

/** Builds a catalog entry from a web-llm record; exported for the tests. */
export function localModelFromRecord(record: ModelRecord): LocalModel {
  const family = familyOf(record.model_id);
  const facts = families[family];
  const quantization = quantizationOf(record.model_id);
  if (record.vram_required_MB === undefined) throw new Error(`web-llm model "${record.model_id}" has no vram_required_MB`);
  return {
    id: record.model_id,
    family,
    displayName: facts.displayName,
    quantization,
    needsShaderF16: quantization === "q4f16_1" || (record.required_features ?? []).includes("shader-f16"),
    vramBytes: Math.round(record.vram_required_MB * mebibyte),
    defaultContextTokens: record.overrides?.context_window_size ?? fallbackContextTokens,
    maxContextTokens: facts.maxContextTokens,
    kvBytesPerToken: facts.layers * facts.kvHeads * facts.headDim * 2 * kvElementBytes[quantization],
    downloadBytes: undefined,
    modelUrl: record.model,
    modelLibUrl: record.model_lib,
    lowResource: record.low_resource_required ?? false,
  };
}

export const localModels: readonly LocalModel[] = webllmModelRecords.map(localModelFromRecord);

export function findLocalModel(id: string): LocalModel | undefined {
  return localModels.find((model) => model.id === id);
}

function requireLocalModel(family: LocalModelFamily, quantization: LocalModelQuantization): LocalModel {
  const model = localModels.find((candidate) => candidate.family === family && candidate.quantization === quantization);
  if (!model) throw new Error(`The catalog lacks ${family} ${quantization}`);
  return model;
}

/** Mistral 7B: the f16 build where the GPU has shader-f16 (less memory, faster), else the f32 one. */
export function defaultLocalModel(shaderF16: boolean): LocalModel {
  return requireLocalModel("mistral-7b", shaderF16 ? "q4f16_1" : "q4f32_1");
}

/** GPU memory the KV cache takes for a context of `contextTokens`. */
export function kvCacheBytes(model: Pick<LocalModel, "kvBytesPerToken">, contextTokens: number): number {
  return model.kvBytesPerToken * contextTokens;
}

/** The weights download size, from a tensor-cache.json manifest (the sum of its shard sizes). */
export function downloadBytesFromManifest(manifest: { records: readonly { nbytes: number }[] }): number {
  return manifest.records.reduce((total, shard) => total + shard.nbytes, 0);
}

/** A copy of `model` with its download size filled in, once the manifest is known. */
export function withDownloadBytes(model: LocalModel, manifest: { records: readonly { nbytes: number }[] }): LocalModel {
  return { ...model, downloadBytes: downloadBytesFromManifest(manifest) };
}

/**
 * The AppConfig the worker hands to web-llm: only our records, stored in IndexedDB. A fresh deep
 * copy each time, so web-llm can never mutate the catalog's records.
 */
export function createWebllmAppConfig(): AppConfig {
  return { model_list: structuredClone([...webllmModelRecords]), cacheBackend: "indexeddb" };
}
