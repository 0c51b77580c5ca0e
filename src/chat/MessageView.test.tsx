import { act, render } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatMessageRecord } from "../state/chatSlice";
import { useAppStore } from "../state/store";

// The Markdown chunk has not arrived (it loads after the first screen): what a reply shows meanwhile.
vi.mock("./MarkdownContent", () => new Promise(() => undefined));
const { MessageView } = await import("./MessageView");
const { unformattedAfterMs } = await import("./LazyMarkdownContent");

const reply: ChatMessageRecord = {
  id: "r1",
  role: "assistant",
  content: "## Steps\n\n- **Measure** first\n\n```ts\nconst x = 1;\n```",
  status: "done",
  createdAt: 0,
  model: "mistral-small-latest",
};

beforeEach(async () => {
  await useAppStore.persist.rehydrate();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("a reply while the Markdown chunk loads", () => {
  it("shows no raw Markdown at first, then the text as written if the chunk is slow", () => {
    const { container } = render(<MessageView message={reply} isLast />);
    const text = () => container.querySelector(".message-text")?.textContent ?? "";
    expect(text()).toBe("");
    expect(container.textContent).not.toContain("**");
    act(() => vi.advanceTimersByTime(unformattedAfterMs - 1));
    expect(text()).toBe("");
    act(() => vi.advanceTimersByTime(1));
    expect(text()).toBe(reply.content);
  });

  it("keeps a person's own message as typed, at once", () => {
    const { container } = render(<MessageView message={{ ...reply, id: "u1", role: "user", content: "Use **bold**" }} isLast={false} />);
    expect(container.querySelector(".message-text")?.textContent).toBe("Use **bold**");
  });
});
