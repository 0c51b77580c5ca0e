import * as v from "valibot";
import type { EngineErrorCode, EngineErrorData } from "../engines/engineError";
import { engineErrorCodes } from "../engines/engineError";
import type { SamplingSettings, Usage } from "../engines/types";
import type { ChatMessageRecord, MessageStatus, MessageVersion } from "./chatSlice";
import type { Conversation, ConversationHeader } from "./conversations";
import type { MessageAttachment } from "./messageAttachments";
import { headerOnlyConversation } from "./conversations";
import type { EngineKind } from "./localEngineSlice";

/**
 * Conversations come back from IndexedDB and from files a person imports: both may be damaged,
 * hand-edited or written by another program, so every field is checked against the types the app
 * relies on before it reaches the store. Unknown keys are dropped rather than refused, so data
 * from a newer version of the app still loads.
 */

const finiteNumber = v.pipe(v.number(), v.finite());

/** Every EngineKind, at run time. The type check below fails when EngineKind gains a member. */
export const engineKinds = ["mistral-api", "local", "self-hosted", "gguf"] as const;
const messageStatuses = ["streaming", "done", "stopped", "incomplete", "error"] as const;

export const engineKindSchema = v.picklist(engineKinds);

export const samplingSettingsSchema = v.object({
  temperature: v.pipe(v.number(), v.minValue(0), v.maxValue(2)),
  topP: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  maxTokens: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
});

const usageSchema = v.object({
  promptTokens: finiteNumber,
  completionTokens: finiteNumber,
  totalTokens: finiteNumber,
  timeToFirstTokenMs: v.optional(finiteNumber),
  decodeTokensPerSecond: v.optional(finiteNumber),
  prefillTokensPerSecond: v.optional(finiteNumber),
});

const engineErrorSchema = v.object({
  // A code this version does not know (a newer app wrote it) keeps its message and fix.
  code: v.union([v.picklist(engineErrorCodes), v.pipe(v.string(), v.transform((): EngineErrorCode => "UNKNOWN"))]),
  message: v.string(),
  fix: v.string(),
  retryAt: v.optional(finiteNumber),
  detail: v.optional(v.string()),
  contextOverflow: v.optional(v.object({ promptTokens: finiteNumber, contextTokens: finiteNumber })),
});

const attachmentSchema = v.object({
  name: v.pipe(v.string(), v.maxLength(1000)),
  text: v.string(),
});

const versionEntries = {
  content: v.string(),
  attachments: v.optional(v.array(attachmentSchema)),
  status: v.picklist(messageStatuses),
  createdAt: finiteNumber,
  engine: v.optional(engineKindSchema),
  model: v.optional(v.string()),
  usage: v.optional(usageSchema),
  finishReason: v.optional(v.picklist(["stop", "length"])),
  filledContext: v.optional(v.literal(true)),
  error: v.optional(engineErrorSchema),
  leftOutMessages: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
};

/** Nothing can still be streaming into stored or imported data: the reply was cut short. */
function notStreaming<T extends { status: MessageStatus }>(value: T): T {
  return value.status === "streaming" ? { ...value, status: "incomplete" } : value;
}

const messageEntries = {
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  role: v.picklist(["user", "assistant"]),
  ...versionEntries,
};

// Declared with its type: a version holds the turns that followed it, which are messages again.
const messageVersionSchema: v.GenericSchema<unknown, MessageVersion> = v.pipe(
  v.object({ ...versionEntries, later: v.optional(v.array(v.lazy(() => messageSchema))) }),
  v.transform(notStreaming),
);

const messageSchema = v.pipe(
  v.object({
    ...messageEntries,
    otherVersions: v.optional(v.array(messageVersionSchema)),
    versionIndex: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
  }),
  v.transform(notStreaming),
);

const conversationHeaderSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  title: v.pipe(v.string(), v.maxLength(500)),
  createdAt: finiteNumber,
  updatedAt: finiteNumber,
});

// Never `messagesLoaded`: stored and imported chats are whole.
const conversationSchema = v.object({
  ...conversationHeaderSchema.entries,
  messages: v.array(messageSchema),
  settings: v.optional(
    v.object({
      systemPrompt: v.string(),
      sampling: samplingSettingsSchema,
    }),
  ),
});

// Compile-time guards: each schema produces exactly the app's type, so a field added to a type
// and forgotten here (it would be silently dropped on every load) breaks the build instead.
type Exactly<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type SchemaGuards = [
  Assert<Exactly<(typeof engineKinds)[number], EngineKind>>,
  Assert<Exactly<(typeof messageStatuses)[number], MessageStatus>>,
  Assert<Exactly<v.InferOutput<typeof samplingSettingsSchema>, SamplingSettings>>,
  Assert<Exactly<v.InferOutput<typeof usageSchema>, Usage>>,
  Assert<Exactly<v.InferOutput<typeof engineErrorSchema>, EngineErrorData>>,
  Assert<Exactly<v.InferOutput<typeof attachmentSchema>, MessageAttachment>>,
  Assert<Exactly<v.InferOutput<ReturnType<typeof v.object<typeof versionEntries>>>, Omit<MessageVersion, "later">>>,
  Assert<Exactly<v.InferOutput<typeof messageSchema>, ChatMessageRecord>>,
  Assert<Exactly<v.InferOutput<typeof conversationSchema>, Omit<Conversation, "messagesLoaded">>>,
  Assert<Exactly<v.InferOutput<typeof conversationHeaderSchema>, ConversationHeader>>,
];

/** A checked copy of one conversation (never the input object itself), or undefined if it is damaged. */
export function parseConversation(value: unknown): Conversation | undefined {
  const result = v.safeParse(conversationSchema, value);
  return result.success ? result.output : undefined;
}

/**
 * Every readable conversation of a list, and how many were not. Absent (undefined) is an empty
 * list; anything else that is not an array counts as one unreadable entry.
 */
export function parseConversationList(value: unknown): { conversations: Conversation[]; rejected: number } {
  if (value === undefined) return { conversations: [], rejected: 0 };
  if (!Array.isArray(value)) return { conversations: [], rejected: 1 };
  const conversations: Conversation[] = [];
  let rejected = 0;
  for (const item of value as unknown[]) {
    const conversation = parseConversation(item);
    if (conversation) conversations.push(conversation);
    else rejected += 1;
  }
  return { conversations, rejected };
}

/**
 * The stored list of chat headers, with the whole chats read along with it (the open one) in their
 * places, or after the list when it does not have them. A damaged header is left out: its chat,
 * read later, joins the list then.
 */
export function parseConversationHeaders(value: unknown[], whole: readonly Conversation[]): Conversation[] {
  const wholeById = new Map(whole.map((conversation) => [conversation.id, conversation]));
  const placed = new Set<string>();
  const listed: Conversation[] = [];
  for (const item of value) {
    const result = v.safeParse(conversationHeaderSchema, item);
    if (!result.success || placed.has(result.output.id)) continue;
    placed.add(result.output.id);
    listed.push(wholeById.get(result.output.id) ?? headerOnlyConversation(result.output));
  }
  return [...listed, ...whole.filter((conversation) => !placed.has(conversation.id))];
}
