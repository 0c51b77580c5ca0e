/**
 * Opening web-llm's IndexedDB databases from the page without ever creating one: a status read or
 * a delete must leave a device that never downloaded a model exactly as it was.
 */

/** web-llm keeps every file in one object store of this name, keyed by URL. */
export const webllmStoreName = "urls";
const storeName = webllmStoreName;

export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed"));
  });
}

export async function existingDatabaseNames(factory: IDBFactory): Promise<Set<string> | undefined> {
  if (typeof factory.databases !== "function") return undefined;
  try {
    const list = await factory.databases();
    return new Set(list.flatMap((info) => (info.name ? [info.name] : [])));
  } catch {
    return undefined;
  }
}

/**
 * Opens a database only if it exists. `indexedDB.open(name)` creates a missing one, so the names
 * are checked first; where `databases()` is missing, an upgrade (which only a new database
 * needs here) is aborted, and aborting it leaves nothing behind.
 */
export function openExisting(factory: IDBFactory, name: string, known: Set<string> | undefined): Promise<IDBDatabase | undefined> {
  if (known && !known.has(name)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    let creating = false;
    const request = factory.open(name);
    request.onupgradeneeded = () => {
      creating = true;
      request.transaction?.abort();
    };
    request.onsuccess = () => {
      const db = request.result;
      if (db.objectStoreNames.contains(storeName)) return resolve(db);
      db.close();
      resolve(undefined);
    };
    request.onerror = (event) => {
      if (creating) {
        event.preventDefault();
        return resolve(undefined);
      }
      reject(request.error ?? new Error(`Cannot open ${name}`));
    };
  });
}

