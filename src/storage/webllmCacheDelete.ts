import type { CachedModelRef } from "./webllmCacheStatus";
import { webllmDatabases, webllmModelBaseUrl } from "./webllmCacheStatus";
import { existingDatabaseNames, openExisting, requestResult, webllmStoreName } from "./existingIndexedDb";

/**
 * Removes every file web-llm stored for a model: weights, manifest and tokenizer (webllm/model),
 * chat config (webllm/config) and model library (webllm/wasm). Done here rather than with
 * web-llm's deleteModelAllInfoInCache, which leaves the manifest behind and needs the network
 * when the manifest is missing. The model must not be loaded while this runs.
 */
export async function deleteWebllmModelFiles(model: CachedModelRef): Promise<void> {
  const factory = globalThis.indexedDB as IDBFactory | undefined;
  if (!factory) return;
  const known = await existingDatabaseNames(factory);
  const base = webllmModelBaseUrl(model.modelUrl);
  const everythingUnderBase = IDBKeyRange.bound(base, `${base}\uffff`);
  const deletions: [string, IDBValidKey | IDBKeyRange][] = [
    [webllmDatabases.model, everythingUnderBase],
    [webllmDatabases.config, everythingUnderBase],
    [webllmDatabases.wasm, model.modelLibUrl],
  ];
  for (const [name, keys] of deletions) {
    const db = await openExisting(factory, name, known);
    if (!db) continue;
    try {
      const transaction = db.transaction(webllmStoreName, "readwrite");
      await requestResult(transaction.objectStore(webllmStoreName).delete(keys));
      await new Promise<void>((resolve, reject) => {
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error ?? new Error(`Could not delete from ${name}`));
      });
    } finally {
      db.close();
    }
  }
}
