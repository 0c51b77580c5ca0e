/** Each message's JSON text, for as long as the message is the same object. */
const messageTexts = new WeakMap<object, string>();

function messageJson(message: unknown): string {
  if (typeof message !== "object" || message === null) return JSON.stringify(message) ?? "null";
  let text = messageTexts.get(message);
  if (text === undefined) {
    text = JSON.stringify(message);
    messageTexts.set(message, text);
  }
  return text;
}

/** Messages as a JSON array text, each message's text reused while it is the same object. */
export function messagesJson(messages: readonly unknown[]): string {
  return `[${messages.map(messageJson).join(",")}]`;
}

/**
 * A chat as JSON text: what JSON.stringify writes, with `messages` last. A message's text is kept
 * while the message is the same object — the store never changes one in place, it replaces it — so
 * saving a chat while a reply streams into it (every 300 ms) stringifies that reply, not the whole
 * history again: at 3,000 messages that was the largest cost of a streamed token.
 */
export function conversationJson(conversation: object): string {
  const messages: unknown = (conversation as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return JSON.stringify(conversation);
  const rest = JSON.stringify({ ...conversation, messages: undefined });
  const separator = rest === "{}" ? "" : ",";
  return `${rest.slice(0, -1)}${separator}"messages":${messagesJson(messages)}}`;
}
