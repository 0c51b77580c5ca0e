/**
 * A synchronous copy of the drafts not yet written to IndexedDB, made as the page goes away. An
 * IndexedDB write started then can be torn down with the page (a draft typed just before a reload
 * came back empty about once in 60 reloads here); a localStorage write is synchronous and is kept.
 * The next page moves the copies into IndexedDB (draftStorage.ts). "" stands for an emptied draft.
 */
const backupKeyPrefix = "tramontane-draft-unsaved:";

export interface DraftBackup {
  /** Keeps these drafts, by chat key. Never throws: storage refused means no copy, as before. */
  write: (entries: readonly [key: string, text: string][]) => void;
  /** The copies left by pages that went away. */
  read: () => [key: string, text: string][];
  /** Forgets the copies of these keys (their drafts are in IndexedDB now). */
  drop: (keys: readonly string[]) => void;
}

/** The page's localStorage, or undefined where reading it throws (storage blocked by the browser). */
function pageLocalStorage(): Storage | undefined {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export function createDraftBackup(storage: Storage | undefined = pageLocalStorage()): DraftBackup {
  const attempt = (change: (store: Storage) => void) => {
    if (storage === undefined) return;
    try {
      change(storage);
    } catch {
      // Full or refused: the IndexedDB write started alongside may still land.
    }
  };
  return {
    write: (entries) => attempt((store) => entries.forEach(([key, text]) => store.setItem(backupKeyPrefix + key, text))),
    read: () => {
      const found: [string, string][] = [];
      attempt((store) => {
        for (let index = 0; index < store.length; index++) {
          const key = store.key(index);
          const text = key?.startsWith(backupKeyPrefix) ? store.getItem(key) : null;
          if (key !== null && text !== null) found.push([key.slice(backupKeyPrefix.length), text]);
        }
      });
      return found;
    },
    drop: (keys) => attempt((store) => keys.forEach((key) => store.removeItem(backupKeyPrefix + key))),
  };
}
