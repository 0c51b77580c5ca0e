import type { Page } from "@playwright/test";
import type { LocalModel } from "../src/engines/catalog";

/**
 * Writes a model's files into IndexedDB in web-llm 0.2.86's own layout (databases webllm/model,
 * webllm/config, webllm/wasm; store "urls" keyed by url; values { url, data }), with tiny
 * stand-in data, so the app's model manager can be tested on what web-llm would have stored.
 */
export async function seedWebllmCache(page: Page, model: LocalModel, options: { shards: number; storeShards: number; library: boolean }) {
  await page.evaluate(
    async ({ modelUrl, modelLibUrl, shards, storeShards, library }) => {
      const base = new URL(`${modelUrl.replace(/\/$/, "")}/resolve/main/`).href;
      const put = (dbName: string, entries: { url: string; data: unknown }[]) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open(dbName, 1);
          open.onupgradeneeded = () => open.result.createObjectStore("urls", { keyPath: "url" });
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction("urls", "readwrite");
            for (const entry of entries) tx.objectStore("urls").put(entry);
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        });
      const records = Array.from({ length: shards }, (_, index) => ({
        dataPath: `params_shard_${index}.bin`,
        format: "raw-shard",
        nbytes: 32 * 2 ** 20,
        records: [],
      }));
      await put("webllm/model", [
        { url: `${base}tensor-cache.json`, data: { metadata: {}, records } },
        { url: `${base}tokenizer.json`, data: new ArrayBuffer(16) },
        ...records.slice(0, storeShards).map((record) => ({ url: new URL(record.dataPath, base).href, data: new ArrayBuffer(8) })),
      ]);
      await put("webllm/config", [
        { url: `${base}mlc-chat-config.json`, data: new TextEncoder().encode(JSON.stringify({ tokenizer_files: ["tokenizer.json"] })).buffer },
      ]);
      if (library) await put("webllm/wasm", [{ url: modelLibUrl, data: new TextEncoder().encode("not a real library").buffer }]);
    },
    { modelUrl: model.modelUrl, modelLibUrl: model.modelLibUrl, ...options },
  );
}

/** Every key web-llm's databases hold, to check what a delete left behind. */
export async function webllmCacheKeys(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const keys: string[] = [];
    const names = (await indexedDB.databases()).map((info) => info.name).filter((name) => name?.startsWith("webllm/"));
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name as string);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      if (db.objectStoreNames.contains("urls")) {
        const all = await new Promise<IDBValidKey[]>((resolve) => {
          const request = db.transaction("urls").objectStore("urls").getAllKeys();
          request.onsuccess = () => resolve(request.result);
        });
        keys.push(...all.map(String));
      }
      db.close();
    }
    return keys;
  });
}
