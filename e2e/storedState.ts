import type { Page } from "@playwright/test";

/**
 * Writes the app's stored state as raw text, from a page of the same origin that does not run the
 * app: all of it in the main entry, as the app saved it before each chat had an entry of its own.
 */
export async function storeRawState(page: Page, text: string) {
  await storeRawEntries(page, [["tramontane-state", text]]);
}

/** Writes raw entries into idb-keyval's store (see src/storage/stateEntries.ts for the app's layout). */
export async function storeRawEntries(page: Page, entries: [key: string, text: string][]) {
  await page.goto("/favicon.svg");
  await page.evaluate(
    (values) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("keyval-store");
        open.onupgradeneeded = () => open.result.createObjectStore("keyval");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction("keyval", "readwrite");
          for (const [key, value] of values) tx.objectStore("keyval").put(value, key);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    entries,
  );
}
