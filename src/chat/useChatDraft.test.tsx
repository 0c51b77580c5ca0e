import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clear } from "idb-keyval";
import { flushDraftStorages, newDraftStorage as newStorage, storedDrafts } from "../test/draftStorages";
import type { Conversation } from "../state/conversations";
import { useAppStore } from "../state/store";
import { useChatDraft } from "./useChatDraft";

function chat(id: string): Conversation {
  return { id, title: `Chat ${id}`, createdAt: 1, updatedAt: 1, messages: [] };
}

afterEach(flushDraftStorages);

async function renderDraft(drafts = newStorage()) {
  const hook = renderHook(() => useChatDraft(drafts));
  await act(() => drafts.read());
  return { ...hook, drafts };
}

beforeEach(async () => {
  await clear();
  await useAppStore.persist.rehydrate();
  useAppStore.setState({ conversations: [chat("a"), chat("b")], activeConversationId: "a", readProblems: [] });
});

describe("useChatDraft", () => {
  it("keeps one draft per chat: switching shows the other chat's own, and back", async () => {
    const { result } = await renderDraft();
    act(() => result.current[1]("Meant for a"));
    act(() => {
      useAppStore.setState({ activeConversationId: "b" });
    });
    expect(result.current[0]).toBe("");
    act(() => result.current[1]("Meant for b"));
    act(() => {
      useAppStore.setState({ activeConversationId: null });
    });
    expect(result.current[0]).toBe("");
    act(() => result.current[1]("A new chat"));
    act(() => {
      useAppStore.setState({ activeConversationId: "a" });
    });
    expect(result.current[0]).toBe("Meant for a");
    act(() => {
      useAppStore.setState({ activeConversationId: "b" });
    });
    expect(result.current[0]).toBe("Meant for b");
    act(() => {
      useAppStore.setState({ activeConversationId: null });
    });
    expect(result.current[0]).toBe("A new chat");
  });

  it("keeps drafts for the next page, and forgets one once it is sent (emptied)", async () => {
    const { result, drafts } = await renderDraft();
    act(() => result.current[1]("Half a thought"));
    act(() => {
      useAppStore.setState({ activeConversationId: "b" });
    });
    act(() => result.current[1]("Sent soon"));
    await drafts.flush();
    expect(await storedDrafts()).toEqual({ a: "Half a thought", b: "Sent soon" });

    act(() => result.current[1](""));
    await drafts.flush();
    expect(await storedDrafts()).toEqual({ a: "Half a thought" });

    // A new page opens on chat a: its empty box takes a's draft.
    useAppStore.setState({ activeConversationId: "a" });
    const next = await renderDraft();
    expect(next.result.current[0]).toBe("Half a thought");
  });

  it("writes after a pause in typing, not on every key", async () => {
    const drafts = newStorage(200);
    await drafts.read();
    drafts.save("a", "H");
    await new Promise((resolve) => setTimeout(resolve, 100));
    drafts.save("a", "He");
    await new Promise((resolve) => setTimeout(resolve, 150));
    // 250 ms after the first key, 150 ms after the last: nothing written yet.
    expect(await storedDrafts()).toEqual({});
    await vi.waitFor(async () => expect(await storedDrafts()).toEqual({ a: "He" }));
  });

  it("keeps text typed before the drafts were read, as the open chat's draft", async () => {
    const earlier = newStorage();
    await earlier.read();
    earlier.save("a", "An older draft");
    await earlier.flush();

    const drafts = newStorage();
    const { result } = renderHook(() => useChatDraft(drafts));
    act(() => result.current[1]("Typed at once"));
    await act(() => drafts.read());
    expect(result.current[0]).toBe("Typed at once");
    await drafts.flush();
    expect(await storedDrafts()).toEqual({ a: "Typed at once" });
  });

  it("forgets, at start, the drafts of chats that are gone, but not the new chat's", async () => {
    const earlier = newStorage();
    await earlier.read();
    earlier.save("a", "Kept");
    earlier.save("deleted", "Gone with its chat");
    earlier.save("new", "For a new chat");
    await earlier.flush();

    const { drafts } = await renderDraft();
    await drafts.flush();
    expect(await storedDrafts()).toEqual({ a: "Kept", new: "For a new chat" });
  });

  it("keeps every draft when the stored chats could not all be read", async () => {
    const earlier = newStorage();
    await earlier.read();
    earlier.save("unread", "Its chat may come back");
    await earlier.flush();

    useAppStore.setState({ readProblems: ["A chat could not be read."] });
    const { drafts } = await renderDraft();
    await drafts.flush();
    expect(await storedDrafts()).toEqual({ unread: "Its chat may come back" });
  });

  it("forgets an emptied (sent) draft at once, without waiting for a pause", async () => {
    const drafts = newStorage(60_000);
    await drafts.read();
    drafts.save("a", "About to be sent");
    await drafts.flush();
    drafts.save("a", "");
    // No flush: the pause (a minute here) is not waited for.
    await vi.waitFor(async () => expect(await storedDrafts()).toEqual({}), { timeout: 2000 });
  });
});
