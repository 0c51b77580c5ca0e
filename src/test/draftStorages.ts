import { createDraftStorage, draftKeyPrefix } from "../storage/draftStorage";
import type { DraftStorage } from "../storage/draftStorage";
import { readEntriesWithPrefix } from "../storage/stateEntries";

/** The drafts in IndexedDB, by chat key: what a new page would find. */
export async function storedDrafts(): Promise<Record<string, unknown>> {
  return Object.fromEntries((await readEntriesWithPrefix(draftKeyPrefix)).map(([key, value]) => [key.slice(draftKeyPrefix.length), value]));
}

const made: DraftStorage[] = [];

/** A draft storage for one test; `flushDraftStorages` (in an afterEach) writes what each left pending. */
export function newDraftStorage(pauseMs = 0): DraftStorage {
  const storage = createDraftStorage({ pauseMs });
  made.push(storage);
  return storage;
}

/** Flushes every storage made since the last call, before the next test clears the database. */
export async function flushDraftStorages(): Promise<void> {
  await Promise.all(made.splice(0).map((storage) => storage.flush()));
}
