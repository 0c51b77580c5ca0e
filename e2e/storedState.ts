import type { Page } from "@playwright/test";
import { conversationHeader } from "../src/state/conversations";
import type { Conversation } from "../src/state/conversations";

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

/**
 * Entries for a state as the app saves it now: each chat in its own entry, and the main entry
 * listing them with what the chat list shows of each (src/storage/stateEntries.ts, idbStateStorage.ts).
 */
export function storedStateEntries(state: Record<string, unknown> & { conversations?: Conversation[] }): [key: string, text: string][] {
  const { conversations = [], ...settings } = state;
  const main = { ...settings, conversationIds: conversations.map((conversation) => conversation.id), conversationHeaders: conversations.map(conversationHeader) };
  return [
    ["tramontane-state", JSON.stringify({ state: main, version: 1 })],
    ...conversations.map((conversation): [string, string] => [`tramontane-state:conversation:${conversation.id}`, JSON.stringify(conversation)]),
  ];
}
