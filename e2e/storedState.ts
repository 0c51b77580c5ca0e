import type { Page } from "@playwright/test";

/** Writes the app's stored state as raw text, from a page of the same origin that does not run the app. */
export async function storeRawState(page: Page, text: string) {
  await page.goto("/favicon.svg");
  await page.evaluate(
    (value) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("keyval-store");
        open.onupgradeneeded = () => open.result.createObjectStore("keyval");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction("keyval", "readwrite");
          tx.objectStore("keyval").put(value, "tramontane-state");
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    text,
  );
}
