import type { StateCreator } from "zustand";
import type { EngineErrorData } from "../engines/engineError";
import { EngineError } from "../engines/engineError";
import type { ChatMessage, Usage } from "../engines/types";
import type { EngineKind } from "./localEngineSlice";
import { selectedLocalModel } from "./localEngineSlice";
import type { Conversation } from "./conversations";
import { selectActiveConversation, selectActiveMessages, titleFrom, withMessageChanged, withUpdatedMessages } from "./conversations";
import { selectChatSettings } from "./conversationsSlice";
import { prepareEngine } from "./prepareEngine";
import type { AppState, StoreMutators } from "./store";
import { afterNextPaint } from "../ui/nextPaint";
import { coalesceTextByFrame } from "./coalesceTextByFrame";
import { startWorkStretch } from "./workStretch";
import type { MessageAttachment } from "./messageAttachments";
import { engineTextOf } from "./messageAttachments";
import { versionsKeptFrom, withMessageEdited, withVersionShown } from "./messageVersions";
import { filledTheContext, firstHistoryStart, historyStartAfterOverflow, maxFitAttempts, messageTooLongError } from "./fitHistoryToContext";

/**
 * - streaming: text is arriving.
 * - done: the model finished (or hit the length limit: see finishReason).
 * - stopped: the person pressed Stop; the text so far is kept.
 * - incomplete: the connection was cut mid-reply; the text so far is kept.
 * - error: nothing arrived; `error` says why and how to fix it.
 */
export type MessageStatus = "streaming" | "done" | "stopped" | "incomplete" | "error";

export interface ChatMessageRecord {
  id: string;
  role: "user" | "assistant";
  content: string;
  status: MessageStatus;
  createdAt: number;
  /** The person's messages: text files sent with it (messageAttachments.ts). */
  attachments?: MessageAttachment[];
  /** Assistant replies: which engine and model wrote it, and how it went. */
  engine?: EngineKind;
  model?: string;
  usage?: Usage;
  finishReason?: "stop" | "length";
  /** Cut at the length limit because the model's context was full, not at max tokens. */
  filledContext?: true;
  error?: EngineErrorData;
  /** A reply to a chat longer than the model's context: how many of the chat's first messages the model did not see (fitHistoryToContext.ts). */
  leftOutMessages?: number;
  /** A regenerated reply or an edited message: its other versions, oldest first (messageVersions.ts). */
  otherVersions?: MessageVersion[];
  /** Where the version shown sits among all of them, 0 being the oldest; with otherVersions only. */
  versionIndex?: number;
}

/** One version of a message, kept so that Regenerate and Edit never lose what they replace. */
export type MessageVersion = Omit<ChatMessageRecord, "id" | "role" | "otherVersions" | "versionIndex"> & {
  /** While another version is shown: the turns that followed this one. */
  later?: ChatMessageRecord[];
};

export interface ChatSlice {
  isGenerating: boolean;
  /**
   * The person's message sent last, in any chat: a new one brings the view back to the newest text.
   * Not the open chat's last message, which also changes when an earlier version is shown.
   */
  lastSentMessageId?: string;
  /** The last deleted message and where it was, for Undo. */
  lastDeletedMessage?: { conversationId: string; message: ChatMessageRecord; index: number };
  /** Sends the person's message, with the text files attached to it, and streams the reply. */
  sendMessage: (text: string, attachments?: readonly MessageAttachment[]) => Promise<void>;
  stopGeneration: () => void;
  /** Replaces the last reply (failed, stopped, cut, or one the person wants redone) with a new one. */
  retryLastReply: () => Promise<void>;
  /** Changes one of the person's messages in the open chat and asks again; the message as it was, and every turn after it, stay as its earlier version. */
  editAndResend: (messageId: string, text: string) => Promise<void>;
  /** Shows another version of a regenerated reply or an edited message (0 is the oldest), with the turns that followed it. */
  showMessageVersion: (messageId: string, index: number) => void;
  deleteMessage: (messageId: string) => void;
  undoDeleteMessage: () => void;
  /** After a local failure: switch engine and redo the last reply there, history included. */
  continueElsewhere: (target: { kind: "mistral-api" } | { kind: "local"; modelId: string }) => Promise<void>;
}

let generation: AbortController | undefined;

function newId(): string {
  return crypto.randomUUID();
}

/**
 * What the engine sees: the chat's system prompt, then the finished turns without failed replies
 * (they hold no text). Turns of the same role in a row (left by a deleted message) are joined:
 * Mistral's chat template only accepts user and assistant turns that alternate.
 */
export function toEngineMessages(messages: ChatMessageRecord[], systemPrompt: string): ChatMessage[] {
  const turns: ChatMessage[] = [];
  for (const message of messages) {
    const content = engineTextOf(message);
    if (content === "" || message.status === "streaming") continue;
    const previous = turns.at(-1);
    if (previous?.role === message.role) previous.content = `${previous.content}\n\n${content}`;
    else turns.push({ role: message.role, content });
  }
  return systemPrompt.trim() ? [{ role: "system", content: systemPrompt.trim() }, ...turns] : turns;
}

export const createChatSlice: StateCreator<AppState, StoreMutators, [], ChatSlice> = (set, get) => {
  const updateMessages = (conversationId: string, update: (messages: ChatMessageRecord[]) => ChatMessageRecord[]) =>
    set((state) => ({ conversations: withUpdatedMessages(state.conversations, conversationId, update, Date.now()) }));

  /** Streams a reply into one conversation, which stays its target even if another is opened. */
  async function streamReply(conversationId: string, otherVersions: MessageVersion[] = [], replaced?: ChatMessageRecord): Promise<void> {
    const conversation = get().conversations.find((candidate) => candidate.id === conversationId);
    const { systemPrompt, sampling } = conversation?.settings ?? { systemPrompt: "", sampling: get().sampling };
    const messages = conversation?.messages ?? [];
    const updateMessage = (id: string, update: (message: ChatMessageRecord) => Partial<ChatMessageRecord>) =>
      updateMessages(conversationId, (current) => withMessageChanged(current, id, update));
    const reply: ChatMessageRecord = {
      id: newId(),
      role: "assistant",
      content: "",
      status: "streaming",
      createdAt: Date.now(),
      ...(otherVersions.length > 0 ? { otherVersions, versionIndex: otherVersions.length } : {}),
    };
    // Tokens reach the store (and the screen) at most once per frame.
    const replyText = coalesceTextByFrame((text) => updateMessage(reply.id, (message) => ({ content: message.content + text })));
    const controller = new AbortController();
    const { engineKind } = get();
    generation = controller;
    updateMessages(conversationId, (current) => [...current, reply]);
    set({ isGenerating: true });

    try {
      // The message just sent is painted first: the SDK checks the whole history before it sends
      // (about 40 ms for 200 messages here), which would otherwise hold that frame up.
      await afterNextPaint();
      // Stop while the local model is still loading cancels the load too.
      const { engine, model, contextTokens } = await prepareEngine(engineKind, get, controller.signal);
      updateMessage(reply.id, () => ({ engine: engineKind, model }));
      let received = false;
      const stretch = startWorkStretch();
      const streamFrom = async (start: number) => {
        for await (const chunk of engine.streamChat({ model, messages: toEngineMessages(messages.slice(start), systemPrompt), sampling }, controller.signal)) {
          stretch.chunkArrived();
          received = true;
          if (chunk.type === "delta") replyText.push(chunk.text);
          else {
            replyText.flush();
            if (chunk.type === "usage") updateMessage(reply.id, () => ({ usage: chunk.usage }));
            else updateMessage(reply.id, () => ({ finishReason: chunk.reason }));
          }
          // A burst of buffered tokens is read without waiting for the network: give the browser a
          // turn every few milliseconds, so it can paint and answer input instead of freezing.
          await stretch.chunkHandled();
        }
      };
      // A chat longer than the model's context: its oldest turns are left out (fitHistoryToContext.ts).
      let start = firstHistoryStart(messages, { engine: engineKind, model, contextTokens, systemPrompt, maxTokens: sampling.maxTokens, replaced });
      for (let attempt = 1; ; attempt++) {
        if (start > 0) updateMessage(reply.id, () => ({ leftOutMessages: start }));
        try {
          await streamFrom(start);
          break;
        } catch (thrown) {
          const overflow = thrown instanceof EngineError && !received ? thrown.contextOverflow : undefined;
          if (overflow === undefined || attempt === maxFitAttempts) throw thrown;
          const next = historyStartAfterOverflow(messages, start, systemPrompt, overflow, sampling.maxTokens);
          if (next === undefined) throw messageTooLongError(overflow);
          start = next;
        }
      }
      replyText.flush();
      updateMessage(reply.id, (message) => ({ status: "done", ...(filledTheContext(message, sampling.maxTokens) ? { filledContext: true } : {}) }));
    } catch (thrown) {
      // What arrived before the error or Stop is kept.
      replyText.flush();
      // Engines say for themselves when the security policy refused a connection (engineService.ts).
      const error = thrown instanceof EngineError ? thrown : new EngineError("UNKNOWN");
      // A lost device or a crashed worker leaves the local engine unusable: start it afresh.
      if (get().engineKind === "local" && (error.code === "DEVICE_LOST" || error.code === "ENGINE_CRASHED")) get().reportLocalEngineFailure(error);
      if (engineKind === "gguf" && error.code === "ENGINE_CRASHED") get().reportGgufEngineFailure();
      // A local model that failed while loading still names the reply, so the fallback offer shows.
      const failedModel = engineKind === "local" ? selectedLocalModel(get()).id : undefined;
      updateMessage(reply.id, (message) => {
        const model = message.model ?? failedModel;
        // Stop is the person's choice, not an error, even before the first word arrived.
        if (error.code === "ABORTED") return { engine: engineKind, model, status: "stopped" };
        return { engine: engineKind, model, status: message.content ? "incomplete" : "error", error: error.toData() };
      });
    } finally {
      if (generation === controller) generation = undefined;
      set({ isGenerating: false });
    }
  }

  return {
    isGenerating: false,

    sendMessage: async (text, attachments = []) => {
      const content = text.trim();
      if ((!content && attachments.length === 0) || get().isGenerating) return;
      const userMessage: ChatMessageRecord = {
        id: newId(),
        role: "user",
        content,
        status: "done",
        createdAt: Date.now(),
        ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
      };
      let conversationId = selectActiveConversation(get())?.id;
      if (!conversationId) {
        const now = Date.now();
        const settings = selectChatSettings(get());
        const conversation: Conversation = { id: newId(), title: titleFrom(content || (attachments[0]?.name ?? "")), createdAt: now, updatedAt: now, messages: [], settings };
        conversationId = conversation.id;
        set((state) => ({ conversations: [conversation, ...state.conversations], activeConversationId: conversation.id, newChatSettings: undefined }));
      }
      updateMessages(conversationId, (messages) => [...messages, userMessage]);
      set({ lastSentMessageId: userMessage.id });
      await streamReply(conversationId);
    },

    stopGeneration: () => generation?.abort(),

    continueElsewhere: async (target) => {
      if (target.kind === "local") {
        get().selectEngine("local");
        get().selectLocalModel(target.modelId);
      } else {
        get().selectEngine(target.kind);
        if (!get().apiKey) {
          get().openSettings();
          return;
        }
      }
      await get().retryLastReply();
    },

    retryLastReply: async () => {
      const { activeConversationId, isGenerating } = get();
      const last = selectActiveMessages(get()).at(-1);
      if (isGenerating || !activeConversationId || last?.role !== "assistant") return;
      updateMessages(activeConversationId, (messages) => messages.slice(0, -1));
      // The reply replaced stays, as an earlier version of the new one.
      await streamReply(activeConversationId, versionsKeptFrom(last), last);
    },

    showMessageVersion: (messageId, index) => {
      const { activeConversationId, isGenerating } = get();
      if (isGenerating || !activeConversationId) return;
      updateMessages(activeConversationId, (messages) => withVersionShown(messages, messages.findIndex((message) => message.id === messageId), index));
    },

    editAndResend: async (messageId, text) => {
      const content = text.trim();
      const { activeConversationId, isGenerating } = get();
      const messages = selectActiveMessages(get());
      const index = messages.findIndex((message) => message.id === messageId);
      const original = messages[index];
      if (!content || isGenerating || !activeConversationId || original?.role !== "user") return;
      // The message as it was, and the turns after it, stay as its earlier version.
      const edited = { id: newId(), content, createdAt: Date.now() };
      updateMessages(activeConversationId, (current) => withMessageEdited(current, index, edited));
      set({ lastSentMessageId: edited.id });
      await streamReply(activeConversationId);
    },

    deleteMessage: (messageId) => {
      const { activeConversationId, isGenerating } = get();
      const messages = selectActiveMessages(get());
      const index = messages.findIndex((candidate) => candidate.id === messageId);
      const message = messages[index];
      if (isGenerating || !activeConversationId || !message) return;
      updateMessages(activeConversationId, (current) => current.filter((candidate) => candidate.id !== messageId));
      set({ lastDeletedMessage: { conversationId: activeConversationId, message, index } });
    },

    undoDeleteMessage: () => {
      const { lastDeletedMessage } = get();
      if (!lastDeletedMessage) return;
      const { conversationId, message, index } = lastDeletedMessage;
      updateMessages(conversationId, (current) => [...current.slice(0, index), message, ...current.slice(index)]);
      set({ lastDeletedMessage: undefined });
    },
  };
};
