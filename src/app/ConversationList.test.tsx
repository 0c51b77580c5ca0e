import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Conversation } from "../state/conversations";
import { headerOnlyConversation } from "../state/conversations";
import { retrySave, useAppStore } from "../state/store";
import { ConversationList } from "./ConversationList";

const whole: Conversation = {
  id: "whole",
  title: "Read already",
  createdAt: 1,
  updatedAt: 2,
  messages: [{ id: "m", role: "user", content: "About the mistral wind", status: "done", createdAt: 1 }],
};
const header = headerOnlyConversation({ id: "header", title: "Not read yet", createdAt: 1, updatedAt: 1 });

beforeEach(async () => {
  await useAppStore.persist.rehydrate();
  useAppStore.setState({ conversations: [whole, header], activeConversationId: null, allConversationsLoaded: false });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("New chat before the saved state is read", () => {
  it("opens a new chat once the state is read, instead of being undone by the read", async () => {
    useAppStore.setState({ conversations: [whole], activeConversationId: "whole", allConversationsLoaded: true });
    // Stored: "whole" is the open chat.
    await retrySave();
    const hydrated = vi.spyOn(useAppStore.persist, "hasHydrated").mockReturnValue(false);
    render(<ConversationList onNavigate={() => undefined} onDismiss={() => false} />);
    await userEvent.click(screen.getByRole("button", { name: "New chat" }));

    hydrated.mockRestore();
    await act(() => useAppStore.persist.rehydrate());
    expect(useAppStore.getState().activeConversationId).toBeNull();
  });
});

describe("ConversationList while the stored chats are still being read", () => {
  it("says that a search may find more, and stops saying it once every chat is read", async () => {
    render(<ConversationList onNavigate={() => undefined} onDismiss={() => false} />);
    await userEvent.type(screen.getByRole("searchbox", { name: "Search chats" }), "mistral");
    expect(screen.getByRole("status").textContent).toBe("Still reading your chats from this browser's storage: more results may follow.");
    expect(screen.getByRole("button", { name: /^Read already/ })).not.toBeNull();

    const read: Conversation = { ...whole, id: "header", title: "Not read yet" };
    await act(async () => useAppStore.setState({ conversations: [whole, read], allConversationsLoaded: true }));
    expect(screen.queryByText(/Still reading your chats/)).toBeNull();
    expect(screen.getByRole("button", { name: /^Not read yet/ })).not.toBeNull();
  });
});
