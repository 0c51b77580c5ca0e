import type { ContextOverflow } from "../engines/engineError";
import { EngineError } from "../engines/engineError";
import type { EngineKind } from "./localEngineSlice";
import type { ChatMessageRecord } from "./chatSlice";
import { engineTextOf } from "./messageAttachments";

/**
 * A chat longer than the model's context keeps going: the model sees the newest turns that fit,
 * and the reply says how many earlier messages it did not see (`leftOutMessages`). Engines do not
 * tell the page how many tokens a text makes, but they do say, when they refuse a prompt, how long
 * it was and how much the context holds (EngineErrorData.contextOverflow): the cut is estimated
 * from that count, in proportion to characters, and tried again if it was not enough. A prompt
 * that fits with no room left is not refused: the reply stops when the context is full. So after
 * a reply that filled the context, the next try (another turn, or Regenerate) is cut beforehand.
 */

/** How many times a cut prompt is tried again before the refusal is shown. */
export const maxFitAttempts = 4;

/** Tokens kept free for the reply: a quarter of the context, or less when max tokens is lower. */
export function replyRoomTokens(contextTokens: number, maxTokens: number | undefined): number {
  return Math.min(maxTokens ?? Number.POSITIVE_INFINITY, Math.floor(contextTokens / 4));
}

/** Characters the engine is sent of one message (toEngineMessages leaves out what is still streaming). */
function sentLength(message: ChatMessageRecord): number {
  return message.status === "streaming" ? 0 : engineTextOf(message).length;
}

/** Characters of what the engine is sent from `messages`. */
function sentCharacters(messages: readonly ChatMessageRecord[]): number {
  return messages.reduce((sum, message) => sum + sentLength(message), 0);
}

/** For each index, the characters sent of the messages from there on (one pass, however many starts are weighed). */
function sentCharactersFrom(messages: readonly ChatMessageRecord[]): number[] {
  const from = new Array<number>(messages.length + 1).fill(0);
  for (let index = messages.length - 1; index >= 0; index--) from[index] = (from[index + 1] ?? 0) + (messages[index] ? sentLength(messages[index]) : 0);
  return from;
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
  const sentFrom = sentCharactersFrom(messages);
  const tokensPerCharacter = overflow.promptTokens / Math.max(1, system + (sentFrom[start] ?? 0));
  const budget = overflow.contextTokens - replyRoomTokens(overflow.contextTokens, maxTokens);
  return candidates.find((index) => (system + (sentFrom[index] ?? 0)) * tokensPerCharacter <= budget) ?? candidates.at(-1);
}

/** What decides where the first try starts. */
export interface FirstTryFacts {
  engine: EngineKind;
  model: string;
  /** Tokens the model's context holds, where the app knows it (local engines). */
  contextTokens?: number;
  systemPrompt: string;
  maxTokens?: number;
  /** Regenerate: the reply being replaced (no longer in the messages). */
  replaced?: ChatMessageRecord;
}

/**
 * Where the latest reply's history started, if that reply came from the same engine and model (its
 * context is the same, and a local engine reuses what it has already read of that history); 0
 * otherwise, or when the start is no longer a message of the person.
 */
export function historyStartOf(messages: readonly ChatMessageRecord[], { engine, model, replaced }: Pick<FirstTryFacts, "engine" | "model" | "replaced">): number {
  const latest = replaced ?? messages.findLast((message) => message.role === "assistant" && message.status !== "error");
  const start = latest?.leftOutMessages;
  if (start === undefined || latest?.engine !== engine || latest.model !== model) return 0;
  return messages[start]?.role === "user" ? start : 0;
}

/** The reply before the one about to be written, and the index just past the history it saw. */
function previousReplyOf(messages: readonly ChatMessageRecord[], replaced: ChatMessageRecord | undefined): PreviousReply | undefined {
  if (replaced) return { reply: replaced, historyEnd: messages.length };
  const index = messages.findLastIndex((message) => message.role === "assistant");
  const reply = messages[index];
  return reply ? { reply, historyEnd: index } : undefined;
}

/** Where the first try's history starts: where the last one did, and further on when it is foreseen not to fit. */
export function firstHistoryStart(messages: readonly ChatMessageRecord[], facts: FirstTryFacts): number {
  const start = historyStartOf(messages, facts);
  const { systemPrompt, contextTokens, maxTokens } = facts;
  const foreseen = foreseenOverflow(messages, start, systemPrompt, previousReplyOf(messages, facts.replaced), contextTokens, maxTokens);
  return foreseen === undefined ? start : (historyStartAfterOverflow(messages, start, systemPrompt, foreseen, maxTokens) ?? start);
}

/** Whether a reply that just ended stopped because the context was full: cut at the length limit, short of max tokens. */
export function filledTheContext(reply: Pick<ChatMessageRecord, "finishReason" | "usage">, maxTokens: number | undefined): boolean {
  return reply.finishReason === "length" && (maxTokens === undefined || (reply.usage !== undefined && reply.usage.completionTokens < maxTokens));
}

/** The reply before this one, and where its history ended (the index of the first message after it). */
export interface PreviousReply {
  reply: Pick<ChatMessageRecord, "content" | "filledContext" | "leftOutMessages">;
  historyEnd: number;
}

/**
 * The overflow to act on before sending, when the previous reply filled a context of
 * `contextTokens`: what it saw and wrote made that many tokens, which gives this chat's tokens per
 * character, and the history from `start` is estimated from it. Undefined when that history
 * leaves room for a reply, or nothing is known.
 */
export function foreseenOverflow(
  messages: readonly ChatMessageRecord[],
  start: number,
  systemPrompt: string,
  previous: PreviousReply | undefined,
  contextTokens: number | undefined,
  maxTokens?: number,
): ContextOverflow | undefined {
  if (previous === undefined || contextTokens === undefined || previous.reply.filledContext !== true) return undefined;
  const system = systemPrompt.trim().length;
  const filled = system + sentCharacters(messages.slice(previous.reply.leftOutMessages ?? 0, previous.historyEnd)) + previous.reply.content.length;
  const promptTokens = Math.ceil((contextTokens * (system + sentCharacters(messages.slice(start)))) / Math.max(1, filled));
  return promptTokens > contextTokens - replyRoomTokens(contextTokens, maxTokens) ? { promptTokens, contextTokens } : undefined;
}

/** The refusal when even the person's last message alone does not fit. */
export function messageTooLongError(overflow: ContextOverflow): EngineError {
  return new EngineError("INVALID_REQUEST", {
    message: `Your message is too long for the model's context: it makes about ${overflow.promptTokens.toLocaleString("en")} tokens, and the context holds ${overflow.contextTokens.toLocaleString("en")}.`,
    fix: "Shorten it or split it into parts, or choose a longer context in Settings.",
  });
}
