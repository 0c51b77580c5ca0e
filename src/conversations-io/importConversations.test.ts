import { describe, expect, it } from "vitest";
import type { Conversation } from "../state/conversations";
import { conversationsToJson } from "./exportConversations";
import { checkImportSize, importConversations, maxImportBytes } from "./importConversations";

const now = new Date(2026, 10, 24, 12);

function conversation(id: string, text = `hello from ${id}`): Conversation {
  return {
    id,
    title: `Chat ${id}`,
    createdAt: 1_764_000_000_000,
    updatedAt: 1_764_000_001_000,
    messages: [
      { id: `${id}-1`, role: "user", content: text, status: "done", createdAt: 1_764_000_000_000 },
      {
        id: `${id}-2`,
        role: "assistant",
        content: "Hi!",
        status: "done",
        createdAt: 1_764_000_000_500,
        engine: "local",
        model: "Mistral-7B",
        usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5, decodeTokensPerSecond: 40 },
        finishReason: "stop",
      },
    ],
  };
}

const withSettings: Conversation = {
  ...conversation("s"),
  settings: { systemPrompt: "Answer in French.", sampling: { temperature: 0.2, topP: 0.95, maxTokens: 300 } },
};

function idsFrom(...ids: string[]): () => string {
  const queue = [...ids];
  return () => queue.shift() ?? "out-of-ids";
}
const noNewIds = () => {
  throw new Error("no new id expected");
};

const fileWith = (conversations: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: "tramontane-conversations", version: 1, exportedAt: now.toISOString(), conversations, ...extra });

describe("importConversations", () => {
  it("reads back exactly what was exported", () => {
    const original = [conversation("a"), withSettings, { ...conversation("e"), messages: [] }];
    const result = importConversations(conversationsToJson(original, now), [], noNewIds);
    expect(result).toEqual({ ok: true, added: original, skipped: 0 });
  });

  it("refuses text that is not JSON", () => {
    expect(importConversations("# Sourdough timing\n\n**You**", [], noNewIds)).toEqual({
      ok: false,
      error: "This file is not a Tramontane export: it is not JSON.",
    });
  });

  it.each([
    ["another program's JSON", JSON.stringify({ title: "ChatGPT export", mapping: {} })],
    ["a bare list of conversations", JSON.stringify([conversation("a")])],
    ["a number", "42"],
    ["null", "null"],
    ["a different format name", fileWith([], { format: "tramontane-settings" })],
  ])("refuses %s as not an export", (_name, text) => {
    expect(importConversations(text, [], noNewIds)).toEqual({ ok: false, error: "This file is not a Tramontane export." });
  });

  it.each([
    ["no version", JSON.stringify({ format: "tramontane-conversations", conversations: [] })],
    ["a version that is not a number", fileWith([], { version: "1" })],
    ["no list of conversations", JSON.stringify({ format: "tramontane-conversations", version: 1 })],
    ["conversations that are not a list", fileWith([], { conversations: { a: conversation("a") } })],
  ])("refuses an export of the wrong shape: %s", (_name, text) => {
    const result = importConversations(text, [], noNewIds);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^This Tramontane export is damaged.*Nothing was imported\.$/);
  });

  it("refuses a file from a newer version and says so", () => {
    const result = importConversations(fileWith([conversation("a")], { version: 2 }), [], noNewIds);
    expect(result).toEqual({ ok: false, error: expect.stringContaining("newer version of Tramontane") as unknown });
  });

  it("imports nothing when one conversation is damaged, and counts the damaged ones", () => {
    const damaged = { ...conversation("b"), messages: [{ id: "x", role: "robot", content: "", status: "done", createdAt: 1 }] };
    expect(importConversations(fileWith([conversation("a"), damaged, conversation("c")]), [], noNewIds)).toEqual({
      ok: false,
      error: "1 conversation in this file is damaged; nothing was imported.",
    });
    expect(importConversations(fileWith([damaged, { id: "" }, conversation("c")]), [], noNewIds)).toEqual({
      ok: false,
      error: "2 conversations in this file are damaged; nothing was imported.",
    });
  });

  it("gives a new id to a conversation whose id is taken by a different one, keeping its message ids", () => {
    const here = [conversation("a", "mine"), conversation("b")];
    const result = importConversations(fileWith([conversation("a", "theirs"), conversation("c")]), here, idsFrom("b", "new-a"));
    // "b" is taken too, so the next id is asked for.
    expect(result).toEqual({ ok: true, added: [{ ...conversation("a", "theirs"), id: "new-a" }, conversation("c")], skipped: 0 });
  });

  it("skips a conversation that is already here, identical", () => {
    const here = [conversation("a"), withSettings];
    // Key order in the file does not matter.
    const reordered = Object.fromEntries(Object.entries(withSettings).reverse());
    const result = importConversations(fileWith([conversation("a"), reordered, conversation("c")]), here, noNewIds);
    expect(result).toEqual({ ok: true, added: [conversation("c")], skipped: 2 });
  });

  it("is idempotent: importing the same file twice adds nothing the second time", () => {
    const here = [conversation("a", "mine")];
    const text = fileWith([conversation("a", "theirs")]);
    const first = importConversations(text, here, idsFrom("new-a"));
    expect(first).toEqual({ ok: true, added: [{ ...conversation("a", "theirs"), id: "new-a" }], skipped: 0 });
    const afterFirst = first.ok ? [...here, ...first.added] : here;
    expect(importConversations(text, afterFirst, noNewIds)).toEqual({ ok: true, added: [], skipped: 1 });
  });

  it("handles duplicate ids inside the file the same way", () => {
    const text = fileWith([conversation("a", "one"), conversation("a", "one"), conversation("a", "two")]);
    expect(importConversations(text, [], idsFrom("a2"))).toEqual({
      ok: true,
      added: [conversation("a", "one"), { ...conversation("a", "two"), id: "a2" }],
      skipped: 1,
    });
  });

  it("compares a reply streaming here as it would be saved", () => {
    const streaming = { ...conversation("a"), messages: [{ id: "r", role: "assistant" as const, content: "Hal", status: "streaming" as const, createdAt: 1 }] };
    expect(importConversations(conversationsToJson([streaming], now), [streaming], noNewIds)).toEqual({ ok: true, added: [], skipped: 1 });
  });

  it("fails rather than hang when no unused id can be made", () => {
    const result = importConversations(fileWith([conversation("a", "theirs")]), [conversation("a")], () => "a");
    expect(result.ok).toBe(false);
  });
});

describe("checkImportSize", () => {
  it("accepts files up to 50 MB and refuses larger ones in plain words", () => {
    expect(maxImportBytes).toBe(52_428_800);
    expect(checkImportSize(0)).toBeUndefined();
    expect(checkImportSize(maxImportBytes)).toBeUndefined();
    expect(checkImportSize(maxImportBytes + 1)).toMatch(/^This file is larger than 50 MB/);
    expect(checkImportSize(5 * 1024 * 1024 * 1024)).toMatch(/^This file is larger than 50 MB/);
  });
});
