/**
 * The app's stored state, written straight into IndexedDB before the app starts (see
 * e2e/storedState.ts): zustand's persist format, `{ state, version: 1 }`, with the fields of
 * partializeState in src/state/store.ts. Seeding is how the benchmarks start from a long
 * conversation or a big history without spending minutes building it through the UI.
 */
import { storedStateEntries as storedEntries } from "../e2e/storedState";
import { historyQuestion, historyReply } from "./markdownReply";

export interface SeedMessage {
  id: string;
  role: "user" | "assistant";
  content: string;
  status: "done";
  createdAt: number;
  model?: string;
}

export interface SeedConversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messages: SeedMessage[];
  settings: { systemPrompt: string; sampling: { temperature: number; topP: number; maxTokens?: number } };
}

/** The stored settings and chats; any field left out keeps the app's default. */
export interface SeedState {
  apiBaseUrl?: string;
  apiKey?: string;
  rememberKey?: boolean;
  model?: string;
  engineKind?: "mistral-api" | "local" | "self-hosted" | "gguf";
  engineChosen?: boolean;
  sampling?: { temperature: number; topP: number; maxTokens?: number };
  persistenceNoticeDismissed?: boolean;
  conversations?: SeedConversation[];
  activeConversationId?: string | null;
}

export const seededModel = "mistral-small-latest";
const defaultSampling = { temperature: 0.7, topP: 1 };
/** A fixed clock, so that seeded chats sort the same way in every run. */
const seedEpoch = Date.UTC(2025, 0, 1);

export function storedStateText(state: SeedState): string {
  return JSON.stringify({ state, version: 1 });
}

/** The state as the app saves it now (see e2e/storedState.ts). */
export function storedStateEntries(state: SeedState): [key: string, text: string][] {
  return storedEntries({ ...state });
}

/** Settings that point the app at a stand-in for the Mistral API, key remembered, nothing left to choose. */
export function apiSettings(api: { url: string; apiKey: string }): SeedState {
  return {
    apiBaseUrl: api.url,
    apiKey: api.apiKey,
    rememberKey: true,
    model: seededModel,
    engineKind: "mistral-api",
    engineChosen: true,
    persistenceNoticeDismissed: true,
  };
}

/**
 * A conversation of `messageCount` messages, questions and Markdown answers in turn. Its last
 * message ends with `lastMessageMarker`; `extraText`, when given, is added to one message in the
 * middle (for search).
 */
export function seededConversation(options: {
  id: string;
  title: string;
  messageCount: number;
  updatedAt: number;
  lastMessageMarker?: string;
  extraText?: string;
}): SeedConversation {
  const messages: SeedMessage[] = [];
  const start = seedEpoch + options.updatedAt - options.messageCount * 1000;
  for (let index = 0; index < options.messageCount; index += 1) {
    const isUser = index % 2 === 0;
    let content = isUser ? historyQuestion(index) : historyReply(index);
    if (options.extraText !== undefined && index === Math.floor(options.messageCount / 2)) content += `\n\n${options.extraText}`;
    if (options.lastMessageMarker !== undefined && index === options.messageCount - 1) content += `\n\n${options.lastMessageMarker}`;
    messages.push({
      id: `${options.id}-m${index}`,
      role: isUser ? "user" : "assistant",
      content,
      status: "done",
      createdAt: start + index * 1000,
      ...(isUser ? {} : { model: seededModel }),
    });
  }
  return {
    id: options.id,
    title: options.title,
    createdAt: start,
    updatedAt: seedEpoch + options.updatedAt,
    messages,
    settings: { systemPrompt: "", sampling: defaultSampling },
  };
}
