import { act, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { ChatMessageRecord } from "../state/chatSlice";
import { useAppStore } from "../state/store";
import { ReplyAnnouncer } from "./ReplyAnnouncer";

const question: ChatMessageRecord = { id: "q", role: "user", content: "Hi", status: "done", createdAt: 1 };

function setReply(reply: Partial<ChatMessageRecord>, isGenerating: boolean) {
  act(() => {
    useAppStore.setState({
      isGenerating,
      activeConversationId: "c",
      conversations: [{ id: "c", title: "Hi", createdAt: 1, updatedAt: 1, messages: [question, { id: "r", role: "assistant", content: "", status: "streaming", createdAt: 2, ...reply }] }],
    });
  });
}

beforeEach(async () => {
  await useAppStore.persist.rehydrate();
  useAppStore.setState({ isGenerating: false, conversations: [], activeConversationId: null });
});

describe("ReplyAnnouncer", () => {
  it.each([
    [{ status: "done", content: "Hello." }, "Reply finished."],
    [{ status: "done", content: "Hello", finishReason: "length" }, "Reply finished, cut at the max-tokens limit."],
    [{ status: "done", content: "Hello", finishReason: "length", filledContext: true }, "Reply finished, cut short: the model's context is full."],
    [{ status: "stopped", content: "Hel" }, "Reply stopped."],
    // The failure's own notice is an alert: said once, not twice.
    [{ status: "error", error: { code: "NETWORK", message: "Offline" } }, ""],
  ] as [Partial<ChatMessageRecord>, string][])("says a reply is being written, then how it ended (%o)", (end, said) => {
    render(<ReplyAnnouncer />);
    const region = screen.getByRole("status");
    expect(region.textContent).toBe("");
    setReply({}, true);
    expect(region.textContent).toBe("Writing a reply…");
    setReply({ content: "Hel" }, true);
    expect(region.textContent).toBe("Writing a reply…");
    setReply(end, false);
    expect(region.textContent).toBe(said);
  });
});
