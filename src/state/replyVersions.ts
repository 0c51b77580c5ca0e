import type { ChatMessageRecord, ReplyVersion } from "./chatSlice";

/*
 * A reply that was regenerated keeps the versions it had. The message record's own fields are the
 * version on screen (what Copy copies, what the engine sees next); `otherVersions` holds the rest,
 * oldest first, and `versionIndex` says where the shown one sits among them all.
 */

function versionOf(message: ChatMessageRecord): ReplyVersion {
  const { id, role, otherVersions, versionIndex, ...version } = message;
  return version;
}

/** Every version of a reply, oldest first, and which one is shown. */
export function replyVersions(message: ChatMessageRecord): { versions: ReplyVersion[]; shown: number } {
  const others = message.otherVersions ?? [];
  const shown = Math.min(Math.max(0, message.versionIndex ?? others.length), others.length);
  return { versions: [...others.slice(0, shown), versionOf(message), ...others.slice(shown)], shown };
}

/**
 * The versions a new reply starts with when it replaces `replaced`: all of them, the one being
 * replaced included, except a version without text (a failure, or a Stop before the first word),
 * which holds nothing worth going back to.
 */
export function versionsKeptFrom(replaced: ChatMessageRecord | undefined): ReplyVersion[] {
  if (replaced?.role !== "assistant") return [];
  return replyVersions(replaced).versions.filter((version) => version.content !== "");
}

/** The same reply with another of its versions shown; the record itself when `index` is not one. */
export function withVersionShown(message: ChatMessageRecord, index: number): ChatMessageRecord {
  const { versions, shown } = replyVersions(message);
  const chosen = versions[index];
  if (chosen === undefined || index === shown) return message;
  return { ...chosen, id: message.id, role: message.role, otherVersions: versions.filter((_, position) => position !== index), versionIndex: index };
}
