import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { deleteModelAllInfoInCache, hasModelInCache } from "@mlc-ai/web-llm";
import { IDBFactory } from "fake-indexeddb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createWebllmAppConfig, findLocalModel } from "../engines/catalog";
import { readLocalModelCacheStatus, webllmModelBaseUrl } from "./webllmCacheStatus";

/**
 * The stores are seeded by web-llm's own ArtifactIndexedDBCache, taken from the installed bundle
 * (it is not exported), fed by a fake fetch: the exact keys and values web-llm writes.
 */
interface ArtifactCache {
  addToCache(url: string, storetype: "json" | "arraybuffer"): Promise<void>;
}
const bundle = readFileSync(createRequire(import.meta.url).resolve("@mlc-ai/web-llm"), "utf8");
function sourceOf(opening: string, closing: string): string {
  const start = bundle.indexOf(opening);
  if (start < 0) throw new Error(`web-llm's bundle no longer contains ${opening.trim()}`);
  return bundle.slice(start, bundle.indexOf(closing, start) + closing.length);
}
const ArtifactIndexedDBCache = new Function(
  `${sourceOf("\nfunction __awaiter(", "\n}\n")}${sourceOf("\n\t\t    class ArtifactIndexedDBCache {", "\n\t\t    }\n")}\nreturn ArtifactIndexedDBCache;`,
)() as new (dbName: string) => ArtifactCache;

const mistral = findLocalModel("Mistral-7B-Instruct-v0.3-q4f16_1-MLC");
if (!mistral) throw new Error("catalog lacks Mistral 7B f16");
const base = webllmModelBaseUrl(mistral.modelUrl);
const mebibyte = 2 ** 20;
/** Sizes as the manifest states them; the fake shards hold 4 bytes, so sizes must come from here. */
const manifest = {
  metadata: { ParamSize: 4, ParamBytes: 100 * mebibyte, BitsPerParam: 4.5 },
  records: [0, 1, 2, 3].map((i) => ({
    dataPath: `params_shard_${i}.bin`,
    format: "raw-shard",
    nbytes: (i + 1) * 10 * mebibyte,
    records: [{ name: `w${i}`, shape: [1], dtype: "uint32", format: "raw", nbytes: 4, byteOffset: 0 }],
  })),
};
const shardUrl = (i: number) => new URL(`params_shard_${i}.bin`, base).href;

let chatConfig: unknown = { tokenizer_files: ["tokenizer.json", "tokenizer.model"] };
function fakeFetch(input: RequestInfo | URL): Promise<Response> {
  const url = String(input);
  if (url.endsWith("tensor-cache.json")) return Promise.resolve(Response.json(manifest));
  if (url.endsWith("mlc-chat-config.json")) return Promise.resolve(Response.json(chatConfig));
  return Promise.resolve(new Response(new Uint8Array([0, 97, 115, 109])));
}

async function seed(parts: { config?: boolean; library?: boolean; manifest?: boolean; shards?: number[]; tokenizers?: string[] }) {
  const model = new ArtifactIndexedDBCache("webllm/model");
  if (parts.config) await new ArtifactIndexedDBCache("webllm/config").addToCache(new URL("mlc-chat-config.json", base).href, "arraybuffer");
  if (parts.library) await new ArtifactIndexedDBCache("webllm/wasm").addToCache(mistral?.modelLibUrl ?? "", "arraybuffer");
  for (const file of parts.tokenizers ?? []) await model.addToCache(new URL(file, base).href, "arraybuffer");
  if (parts.manifest) await model.addToCache(new URL("tensor-cache.json", base).href, "json");
  for (const i of parts.shards ?? []) await model.addToCache(shardUrl(i), "arraybuffer");
}
const everything = { config: true, library: true, manifest: true, shards: [0, 1, 2, 3], tokenizers: ["tokenizer.json"] };

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  chatConfig = { tokenizer_files: ["tokenizer.json", "tokenizer.model"] };
  vi.stubGlobal("fetch", vi.fn(fakeFetch));
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("readLocalModelCacheStatus", () => {
  it("reports nothing stored, without opening (so creating) web-llm's databases", async () => {
    const open = vi.spyOn(indexedDB, "open");
    expect(await readLocalModelCacheStatus(mistral)).toEqual({ state: "absent", shardsStored: 0, bytesStored: 0 });
    expect(open).not.toHaveBeenCalled();
    expect(await indexedDB.databases()).toEqual([]);
  });

  it("creates nothing either where indexedDB.databases() does not exist", async () => {
    const factory = new IDBFactory();
    Object.defineProperty(factory, "databases", { value: undefined });
    globalThis.indexedDB = factory;
    expect((await readLocalModelCacheStatus(mistral)).state).toBe("absent");
    globalThis.indexedDB = new IDBFactory();
    // The same factory's data, seen through one that can list databases.
    const probe = await new Promise<number>((resolve) => {
      const request = factory.open("webllm/model");
      request.onupgradeneeded = (event) => resolve(event.oldVersion);
      request.onsuccess = () => resolve(-1);
    });
    expect(probe).toBe(0);
  });

  it("reports a complete model as ready, sized from the manifest, as web-llm sees it", async () => {
    await seed(everything);
    expect(await readLocalModelCacheStatus(mistral)).toEqual({ state: "ready", shardsStored: 4, shardsTotal: 4, bytesStored: 100 * mebibyte, bytesTotal: 100 * mebibyte });
    expect(await hasModelInCache(mistral.id, createWebllmAppConfig())).toBe(true);
  });

  it("reports an interrupted download as partial, with what is stored", async () => {
    await seed({ ...everything, shards: [0, 2] });
    expect(await readLocalModelCacheStatus(mistral)).toEqual({ state: "partial", shardsStored: 2, shardsTotal: 4, bytesStored: 40 * mebibyte, bytesTotal: 100 * mebibyte });
    expect(await hasModelInCache(mistral.id, createWebllmAppConfig())).toBe(false);
  });

  it("is not ready while the library, the config or the tokenizer is missing", async () => {
    await seed({ ...everything, library: false });
    expect((await readLocalModelCacheStatus(mistral)).state).toBe("partial");
    globalThis.indexedDB = new IDBFactory();
    await seed({ ...everything, config: false });
    expect((await readLocalModelCacheStatus(mistral)).state).toBe("partial");
    globalThis.indexedDB = new IDBFactory();
    await seed({ ...everything, tokenizers: [] });
    expect((await readLocalModelCacheStatus(mistral)).state).toBe("partial");
  });

  it("asks for the tokenizer file the config names, as web-llm does", async () => {
    chatConfig = { tokenizer_files: ["tokenizer.model"] };
    await seed(everything); // stores tokenizer.json only
    expect((await readLocalModelCacheStatus(mistral)).state).toBe("partial");
    await seed({ tokenizers: ["tokenizer.model"] });
    expect((await readLocalModelCacheStatus(mistral)).state).toBe("ready");
  });

  it("counts the download as started once the config or a shard is stored", async () => {
    await seed({ config: true });
    expect((await readLocalModelCacheStatus(mistral)).state).toBe("partial");
  });

  it("reads a model deleted by web-llm as absent, though web-llm leaves the manifest behind", async () => {
    await seed(everything);
    await deleteModelAllInfoInCache(mistral.id, createWebllmAppConfig());
    expect(await readLocalModelCacheStatus(mistral)).toEqual({ state: "absent", shardsStored: 0, shardsTotal: 4, bytesStored: 0, bytesTotal: 100 * mebibyte });
  });

  it("keeps models apart", async () => {
    await seed(everything);
    const f32 = findLocalModel("Mistral-7B-Instruct-v0.3-q4f32_1-MLC");
    if (!f32) throw new Error("catalog lacks Mistral 7B f32");
    expect(await readLocalModelCacheStatus(f32)).toEqual({ state: "absent", shardsStored: 0, bytesStored: 0 });
  });

  it("never reads a shard's data", async () => {
    await seed(everything);
    const get = vi.spyOn(IDBObjectStore.prototype, "get");
    const getAll = vi.spyOn(IDBObjectStore.prototype, "getAll");
    await readLocalModelCacheStatus(mistral);
    const keysRead = get.mock.calls.map(([key]) => String(key));
    expect(keysRead.sort()).toEqual([new URL("mlc-chat-config.json", base).href, new URL("tensor-cache.json", base).href]);
    expect(getAll).not.toHaveBeenCalled();
  });

  it("treats a damaged manifest as not ready", async () => {
    await seed({ ...everything, manifest: false });
    const model = new ArtifactIndexedDBCache("webllm/model");
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(Response.json({ records: [{ dataPath: 3 }] }))));
    await model.addToCache(new URL("tensor-cache.json", base).href, "json");
    expect(await readLocalModelCacheStatus(mistral)).toEqual({ state: "partial", shardsStored: 0, bytesStored: 0 });
  });
});

