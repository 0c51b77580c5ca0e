import type { ChatMessageRecord, MessageVersion } from "./chatSlice";

/*
 * Regenerate and Edit never lose what they replace: the message keeps its earlier versions. The
 * record's own fields are the version on screen (what Copy copies, what the engine sees next);
 * `otherVersions` holds the rest, oldest first, and `versionIndex` says where the shown one sits
 * among them all. Each version kept aside also keeps the turns that followed it (`later`), so
 * going back to an edited question brings back the conversation that followed it, as it was.
 */

function versionOf(message: ChatMessageRecord, later: ChatMessageRecord[]): MessageVersion {
  const { id, role, otherVersions, versionIndex, ...version } = message;
  return later.length > 0 ? { ...version, later } : version;
}

/** How many versions a message has, and which one is shown (0 is the oldest), without building them. */
export function versionPosition(message: ChatMessageRecord): { count: number; shown: number } {
  const others = message.otherVersions?.length ?? 0;
  return { count: others + 1, shown: Math.min(Math.max(0, message.versionIndex ?? others), others) };
}

/** Every version of a message, oldest first, and which one is shown. */
export function messageVersions(message: ChatMessageRecord, later: ChatMessageRecord[] = []): { versions: MessageVersion[]; shown: number } {
  const others = message.otherVersions ?? [];
  const { shown } = versionPosition(message);
  return { versions: [...others.slice(0, shown), versionOf(message, later), ...others.slice(shown)], shown };
}

/** The message `version` stands for, carrying `others` as its other versions; its `later` is left out. */
function shownAs(message: ChatMessageRecord, version: MessageVersion, others: MessageVersion[], index: number): ChatMessageRecord {
  const { later, ...fields } = version;
  return { ...fields, id: message.id, role: message.role, ...(others.length > 0 ? { otherVersions: others, versionIndex: index } : {}) };
}

/**
 * The versions a new reply starts with when it replaces the last message, `replaced`: all of them,
 * the one being replaced included, except a version without text (a failure, or a Stop before the
 * first word), which holds nothing worth going back to.
 */
export function versionsKeptFrom(replaced: ChatMessageRecord | undefined): MessageVersion[] {
  if (replaced?.role !== "assistant") return [];
  return messageVersions(replaced).versions.filter((version) => version.content !== "");
}

/**
 * The conversation with the message at `index` showing another of its versions: the turns after
 * it are kept with the version left, and the chosen version's own turns come back.
 */
export function withVersionShown(messages: ChatMessageRecord[], index: number, versionIndex: number): ChatMessageRecord[] {
  const message = messages[index];
  if (message === undefined) return messages;
  const { versions, shown } = messageVersions(message, messages.slice(index + 1));
  const chosen = versions[versionIndex];
  if (chosen === undefined || versionIndex === shown) return messages;
  const others = versions.filter((_, position) => position !== versionIndex);
  return [...messages.slice(0, index), shownAs(message, chosen, others, versionIndex), ...(chosen.later ?? [])];
}

/**
 * The conversation with the person's message at `index` replaced by `edited` (a new version of it,
 * shown, with no turns after it yet); the version it replaces keeps the turns that followed it.
 */
export function withMessageEdited(messages: ChatMessageRecord[], index: number, edited: Pick<ChatMessageRecord, "id" | "content" | "createdAt">): ChatMessageRecord[] {
  const original = messages[index];
  if (original === undefined) return messages;
  const { versions } = messageVersions(original, messages.slice(index + 1));
  const version: MessageVersion = { ...versionOf(original, []), content: edited.content, createdAt: edited.createdAt };
  return [...messages.slice(0, index), shownAs({ ...original, id: edited.id }, version, versions, versions.length)];
}
