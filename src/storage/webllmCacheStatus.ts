import { existingDatabaseNames, openExisting, requestResult, webllmStoreName as storeName } from "./existingIndexedDb";

/**
 * What web-llm has stored of a model, read from the page without loading web-llm (DESIGN.md
 * rule 4) and without touching the gigabytes themselves.
 *
 * web-llm 0.2.86's IndexedDB layout (lib/index.js, `ArtifactIndexedDBCache`, `reloadInternal`,
 * `asyncLoadTokenizer`, `fetchTensorCache`): one database per scope, version 1, one object store
 * "urls" with keyPath "url", values `{ url, data }`. `base` is the record's `model` URL cleaned
 * the way web-llm cleans it (`…/resolve/main/` appended):
 * - "webllm/config": `base + "mlc-chat-config.json"`, data an ArrayBuffer of the JSON.
 * - "webllm/wasm":   the record's `model_lib` URL, data an ArrayBuffer (the model library).
 * - "webllm/model":  `base + "tensor-cache.json"` (the manifest, data the parsed JSON object),
 *                    every shard at `new URL(record.dataPath, base)` (data an ArrayBuffer), and
 *                    `base + "tokenizer.json"` or `"tokenizer.model"` (per the config's
 *                    `tokenizer_files`).
 * Each value is written by one `add()` once its download completed, so a key present means a
 * complete file: there is no half-written entry to detect, only missing ones.
 * web-llm's own deleteModelAllInfoInCache removes shards, tokenizer, config and library but leaves
 * the manifest behind; so a manifest alone does not make a model "partial".
 */

export interface LocalModelCacheStatus {
  state: "absent" | "partial" | "ready";
  shardsStored: number;
  /** Known once the manifest is stored. */
  shardsTotal?: number;
  /** Weight bytes stored, from the manifest's sizes (the small files are not counted). */
  bytesStored: number;
  /** The whole weights download, from the manifest. */
  bytesTotal?: number;
}

export interface CachedModelRef {
  id: string;
  modelUrl: string;
  modelLibUrl: string;
}

export const webllmDatabases = { model: "webllm/model", config: "webllm/config", wasm: "webllm/wasm" } as const;

/** web-llm's cleanModelUrl: a Hugging Face repo URL becomes the folder its files are read from. */
export function webllmModelBaseUrl(modelUrl: string): string {
  let url = modelUrl.endsWith("/") ? modelUrl : `${modelUrl}/`;
  if (!/.+\/resolve\/.+\//.test(url)) url += "resolve/main/";
  return new URL(url).href;
}

export interface TensorCacheManifest {
  records: { dataPath: string; nbytes: number }[];
}

/** The shard list of a tensor-cache.json manifest, or undefined when it is not one. */
export function parseTensorCacheManifest(data: unknown): TensorCacheManifest | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const records = (data as { records?: unknown }).records;
  if (!Array.isArray(records)) return undefined;
  const valid = records.every((record: unknown) => {
    const { dataPath, nbytes } = (record ?? {}) as { dataPath?: unknown; nbytes?: unknown };
    return typeof dataPath === "string" && typeof nbytes === "number" && Number.isFinite(nbytes) && nbytes >= 0;
  });
  return valid ? { records: records as TensorCacheManifest["records"] } : undefined;
}

/** The tokenizer files web-llm will read, decided as asyncLoadTokenizer decides. */
function tokenizerChoices(configData: unknown): string[] {
  try {
    // By tag, not instanceof: the value may come from another realm (a worker, a test's clone).
    const isBytes = Object.prototype.toString.call(configData) === "[object ArrayBuffer]" || ArrayBuffer.isView(configData);
    const config: unknown = isBytes ? JSON.parse(new TextDecoder().decode(configData as ArrayBuffer)) : configData;
    const files = (config as { tokenizer_files?: unknown } | null)?.tokenizer_files;
    if (Array.isArray(files)) {
      if (files.includes("tokenizer.json")) return ["tokenizer.json"];
      if (files.includes("tokenizer.model")) return ["tokenizer.model"];
    }
  } catch {
    // An unreadable config: accept either tokenizer below.
  }
  return ["tokenizer.json", "tokenizer.model"];
}

/** Runs `read` on a database's "urls" store if the database exists; closes it afterwards. */
async function readStore<T>(factory: IDBFactory, name: string, known: Set<string> | undefined, read: (store: IDBObjectStore) => Promise<T>): Promise<T | undefined> {
  const db = await openExisting(factory, name, known);
  if (!db) return undefined;
  try {
    return await read(db.transaction(storeName, "readonly").objectStore(storeName));
  } finally {
    db.close();
  }
}

async function has(store: IDBObjectStore, key: string): Promise<boolean> {
  return (await requestResult(store.count(key))) > 0;
}

/** web-llm never caches a library served from localhost or the app's own origin. */
function libraryIsCached(modelLibUrl: string): boolean {
  return modelLibUrl.startsWith("http") && !modelLibUrl.includes("localhost");
}

export async function readLocalModelCacheStatus(model: CachedModelRef): Promise<LocalModelCacheStatus> {
  const absent: LocalModelCacheStatus = { state: "absent", shardsStored: 0, bytesStored: 0 };
  const factory = globalThis.indexedDB as IDBFactory | undefined;
  if (!factory) return absent;
  const known = await existingDatabaseNames(factory);
  const base = webllmModelBaseUrl(model.modelUrl);

  const modelFiles = await readStore(factory, webllmDatabases.model, known, async (store) => {
    // Keys only (a few hundred strings), then the manifest; never a shard's data.
    const keys = requestResult(store.getAllKeys(IDBKeyRange.bound(base, `${base}\uffff`)));
    const manifest = requestResult(store.get(new URL("tensor-cache.json", base).href));
    return { keys: new Set((await keys).map(String)), manifest: parseTensorCacheManifest(((await manifest) as { data?: unknown } | undefined)?.data) };
  });
  const config = await readStore(factory, webllmDatabases.config, known, async (store) => {
    const record = (await requestResult(store.get(new URL("mlc-chat-config.json", base).href))) as { data?: unknown } | undefined;
    return record ? { tokenizers: tokenizerChoices(record.data) } : undefined;
  });
  const libraryStored = libraryIsCached(model.modelLibUrl)
    ? ((await readStore(factory, webllmDatabases.wasm, known, (store) => has(store, model.modelLibUrl))) ?? false)
    : true;

  const keys = modelFiles?.keys ?? new Set<string>();
  const manifest = modelFiles?.manifest;
  const status: LocalModelCacheStatus = { ...absent };
  let allShards = false;
  if (manifest) {
    const stored = manifest.records.filter((record) => keys.has(new URL(record.dataPath, base).href));
    status.shardsTotal = manifest.records.length;
    status.bytesTotal = manifest.records.reduce((sum, record) => sum + record.nbytes, 0);
    status.shardsStored = stored.length;
    status.bytesStored = stored.reduce((sum, record) => sum + record.nbytes, 0);
    allShards = stored.length === manifest.records.length;
  }
  const tokenizerNames = config?.tokenizers ?? ["tokenizer.json", "tokenizer.model"];
  const tokenizerStored = tokenizerNames.some((file) => keys.has(new URL(file, base).href));

  if (manifest && allShards && config && tokenizerStored && libraryStored) status.state = "ready";
  else if (status.shardsStored > 0 || config || tokenizerStored) status.state = "partial";
  return status;
}
