import * as v from "valibot";
import type { Conversation } from "../state/conversations";
import { conversationsToSave } from "../state/conversations";
import { parseConversationList } from "../state/parseConversations";
import { exportFormat, exportVersion } from "./exportConversations";

/**
 * Reads a file made by conversationsToJson. The file is untrusted input: every conversation is
 * checked, and the import is all-or-nothing (one damaged conversation refuses the file), so a
 * person never ends up with half a file imported and no way to tell which half. Nothing already
 * here is ever overwritten.
 */

/** Far above any real export; stops a wrong file from freezing the tab while it is parsed. */
export const maxImportBytes = 50 * 1024 * 1024;

export type ImportResult = { ok: true; added: Conversation[]; skipped: number } | { ok: false; error: string };

export const notJsonError = "This file is not a Tramontane export: it is not JSON.";
export const notExportError = "This file is not a Tramontane export.";
export const newerVersionError =
  "This file comes from a newer version of Tramontane than this one. Reload the page to update the app, then import it again.";
export const damagedExportError = "This Tramontane export is damaged: its version or its list of conversations is missing. Nothing was imported.";

export function damagedConversationsError(count: number): string {
  return count === 1
    ? "1 conversation in this file is damaged; nothing was imported."
    : `${count} conversations in this file are damaged; nothing was imported.`;
}

/** Checked before the file is read, from its size alone. */
export function checkImportSize(bytes: number): string | undefined {
  if (bytes <= maxImportBytes) return undefined;
  return "This file is larger than 50 MB, which is more than any export of chats should be. Check that it is the right file.";
}

const formatSchema = v.object({ format: v.literal(exportFormat) });
const versionSchema = v.object({ version: v.pipe(v.number(), v.safeInteger(), v.minValue(1)) });
const bodySchema = v.object({ conversations: v.array(v.unknown()) });

/** Key order and absent-versus-undefined do not make two conversations different. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === "object" && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** Content apart from the id, so a copy renamed by an earlier import is still recognised. */
function contentKey(conversation: Conversation): string {
  return canonicalJson({ ...conversation, id: undefined });
}

function readFile(text: string): { ok: true; conversations: unknown[] } | { ok: false; error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: notJsonError };
  }
  if (!v.is(formatSchema, parsed)) return { ok: false, error: notExportError };
  const version = v.safeParse(versionSchema, parsed);
  if (!version.success) return { ok: false, error: damagedExportError };
  if (version.output.version > exportVersion) return { ok: false, error: newerVersionError };
  const body = v.safeParse(bodySchema, parsed);
  if (!body.success) return { ok: false, error: damagedExportError };
  return { ok: true, conversations: body.output.conversations };
}

/**
 * The file's conversations that are not here yet. An id already taken (here or earlier in the
 * file) by the same content is skipped; by different content, the newcomer gets `makeId()`
 * (its message ids stay: they only need to be unique within their conversation).
 */
export function importConversations(text: string, existing: Conversation[], makeId: () => string): ImportResult {
  const file = readFile(text);
  if (!file.ok) return file;
  const { conversations, rejected } = parseConversationList(file.conversations);
  if (rejected > 0) return { ok: false, error: damagedConversationsError(rejected) };

  const byId = new Map<string, string>();
  const contents = new Set<string>();
  // A reply streaming here right now is compared as it would be saved.
  for (const conversation of conversationsToSave(existing)) {
    const key = contentKey(conversation);
    byId.set(conversation.id, key);
    contents.add(key);
  }

  const added: Conversation[] = [];
  let skipped = 0;
  for (const conversation of conversations) {
    const key = contentKey(conversation);
    const taken = byId.get(conversation.id);
    if (taken === key || (taken !== undefined && contents.has(key))) {
      skipped += 1;
      continue;
    }
    const id = taken === undefined ? conversation.id : freshId(byId, makeId);
    if (id === undefined) return { ok: false, error: "New ids for the imported conversations could not be made; nothing was imported." };
    byId.set(id, key);
    contents.add(key);
    added.push({ ...conversation, id });
  }
  return { ok: true, added, skipped };
}

/** An id not yet taken; bounded, so a broken id maker cannot hang the tab. */
function freshId(taken: Map<string, string>, makeId: () => string): string | undefined {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const id = makeId();
    if (id !== "" && id.length <= 200 && !taken.has(id)) return id;
  }
  return undefined;
}
