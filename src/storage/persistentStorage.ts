export type StoragePersistence = "unknown" | "granted" | "refused" | "unsupported";

/**
 * Asks the browser not to evict this site's data (chats, downloaded models) when space runs low.
 * Browsers decide on their own (engagement, installation, a prompt in Firefox); a refusal is normal.
 */
export async function requestPersistentStorage(): Promise<StoragePersistence> {
  const storage = typeof navigator === "undefined" ? undefined : navigator.storage;
  if (!storage?.persist || !storage.persisted) return "unsupported";
  try {
    if (await storage.persisted()) return "granted";
    return (await storage.persist()) ? "granted" : "refused";
  } catch {
    return "refused";
  }
}
