import { render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useAppStore } from "../state/store";

// The Markdown chunk cannot be fetched (offline, after an update replaced it).
vi.mock("./MarkdownContent", () => {
  throw new Error("Failed to fetch dynamically imported module");
});
const { MessageView } = await import("./MessageView");

beforeEach(async () => {
  await useAppStore.persist.rehydrate();
});

describe("a reply when the Markdown chunk cannot load", () => {
  it("shows its text as written, without waiting", async () => {
    render(<MessageView message={{ id: "r", role: "assistant", content: "Use **bold** here", status: "done", createdAt: 0 }} isLast />);
    expect(await screen.findByText("Use **bold** here", {}, { timeout: 500 })).toBeTruthy();
  });
});
