import { set } from "idb-keyval";

/**
 * Stores data the app could not read (wholly or partly) under a new name next to it, so that the
 * app's next save, which only holds what it could read, does not destroy the rest. Returns the
 * name, or undefined when even that was refused.
 */
export async function keepUnreadableCopy(name: string, value: unknown): Promise<string | undefined> {
  const backupName = `${name}-unreadable-${Date.now()}`;
  try {
    await set(backupName, value);
    return backupName;
  } catch {
    return undefined;
  }
}
