import type { StorageValue } from "zustand/middleware";

/** The app's stored entries (stateEntries.ts) as values: what is checked here is only their envelope. */

/** The state as the main entry has it when it lists chat headers. */
export type StateWithHeaders = Record<string, unknown> & { conversationHeaders: unknown[]; conversationIds?: unknown };

export function hasConversationHeaders(state: unknown): state is StateWithHeaders {
  return typeof state === "object" && state !== null && Array.isArray((state as { conversationHeaders?: unknown }).conversationHeaders);
}

/** The stored text as zustand's envelope `{ state, version }`, or undefined when it is not one. */
export function parseStoredText<S>(stored: unknown): StorageValue<S> | undefined {
  if (typeof stored !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(stored);
    // The state inside is checked field by field when it is merged (sanitizePersistedState).
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as StorageValue<S>) : undefined;
  } catch {
    return undefined;
  }
}

/** A chat's stored text as a value; the app checks its shape when merging. */
export function parseConversationText(stored: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof stored !== "string") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(stored) };
  } catch {
    return { ok: false };
  }
}

/** The chats in their saved order (the main entry's `conversationIds`); any other stored chat after them. */
export function orderConversations(listed: unknown, byId: Map<string, unknown>): unknown[] {
  const ordered: unknown[] = [];
  const placed = new Set<string>();
  for (const id of Array.isArray(listed) ? listed : []) {
    const conversation = typeof id === "string" && !placed.has(id) ? byId.get(id) : undefined;
    if (conversation === undefined) continue;
    ordered.push(conversation);
    placed.add(id as string);
  }
  // Saved by a tab whose list did not have them yet, or listed by a save that never landed.
  for (const [id, conversation] of byId) if (!placed.has(id)) ordered.push(conversation);
  return ordered;
}
