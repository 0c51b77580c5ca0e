import type { ContextOverflow } from "../engines/engineError";
import { EngineError } from "../engines/engineError";
import type { EngineKind } from "./localEngineSlice";
import type { ChatMessageRecord } from "./chatSlice";

/**
 * A chat longer than the model's context keeps going: the model sees the newest turns that fit,
 * and the reply says how many earlier messages it did not see (`leftOutMessages`). Engines do not
 * tell the page how many tokens a text makes, but they do say, when they refuse a prompt, how long
 * it was and how much the context holds (EngineErrorData.contextOverflow): the cut is estimated
 * from that count, in proportion to characters, and tried again if it was not enough.
 */

/** How many times a cut prompt is tried again before the refusal is shown. */
export const maxFitAttempts = 4;

/** Tokens kept free for the reply: a quarter of the context, or less when max tokens is lower. */
export function replyRoomTokens(contextTokens: number, maxTokens: number | undefined): number {
  return Math.min(maxTokens ?? Number.POSITIVE_INFINITY, Math.floor(contextTokens / 4));
}

/** Characters of what the engine is sent from `messages` (toEngineMessages leaves out the rest). */
function sentCharacters(messages: readonly ChatMessageRecord[]): number {
  return messages.reduce((sum, message) => (message.content === "" || message.status === "streaming" ? sum : sum + message.content.length), 0);
}

/** Indices where a history may start: the person's messages (Mistral's template starts with one). */
function startsAfter(messages: readonly ChatMessageRecord[], start: number): number[] {
  return messages.flatMap((message, index) => (index > start && message.role === "user" ? [index] : []));
}

/**
 * Where the history should start after the engine refused the one from `start` on: the earliest of
 * the person's messages from which the estimated prompt leaves room for a reply, or else their
 * last message. Undefined when nothing more can be left out.
 */
export function historyStartAfterOverflow(
  messages: readonly ChatMessageRecord[],
  start: number,
  systemPrompt: string,
  overflow: ContextOverflow,
  maxTokens?: number,
): number | undefined {
  const candidates = startsAfter(messages, start);
  if (candidates.length === 0) return undefined;
  const system = systemPrompt.trim().length;
  const tokensPerCharacter = overflow.promptTokens / Math.max(1, system + sentCharacters(messages.slice(start)));
  const budget = overflow.contextTokens - replyRoomTokens(overflow.contextTokens, maxTokens);
  return candidates.find((index) => (system + sentCharacters(messages.slice(index))) * tokensPerCharacter <= budget) ?? candidates.at(-1);
}

/**
 * Where to start the first try: where the chat's latest reply started, if that reply came from the
 * same engine and model (its context is the same, and a local engine reuses what it has already
 * read of that history); 0 otherwise, or when the start is no longer a message of the person.
 */
export function historyStartOf(messages: readonly ChatMessageRecord[], engine: EngineKind, model: string): number {
  const latest = messages.findLast((message) => message.role === "assistant" && message.status !== "error");
  const start = latest?.leftOutMessages;
  if (start === undefined || latest?.engine !== engine || latest.model !== model) return 0;
  return messages[start]?.role === "user" ? start : 0;
}

/** The refusal when even the person's last message alone does not fit. */
export function messageTooLongError(overflow: ContextOverflow): EngineError {
  return new EngineError("INVALID_REQUEST", {
    message: `Your message is too long for the model's context: it makes about ${overflow.promptTokens.toLocaleString("en")} tokens, and the context holds ${overflow.contextTokens.toLocaleString("en")}.`,
    fix: "Shorten it or split it into parts, or choose a longer context in Settings.",
  });
}
