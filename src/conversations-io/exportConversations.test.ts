import { describe, expect, it } from "vitest";
import type { Conversation } from "../state/conversations";
import { conversationsToJson, conversationsToMarkdown, exportFileName } from "./exportConversations";

// Midday local time, so the date is the same in every time zone the tests run in.
const created = new Date(2026, 10, 24, 12, 5).getTime();
const now = new Date(2026, 10, 25, 9, 0);

const bread: Conversation = {
  id: "c1",
  title: "Sourdough timing",
  createdAt: created,
  updatedAt: created + 1000,
  settings: { systemPrompt: "You are a baker.\n\nAnswer briefly.", sampling: { temperature: 0.3, topP: 1 } },
  messages: [
    { id: "m1", role: "user", content: "How long to proof?\n\n- overnight?", status: "done", createdAt: created },
    { id: "m2", role: "assistant", content: "About **4 hours** at 24 °C.", status: "done", createdAt: created, model: "mistral-small-latest", engine: "mistral-api" },
    { id: "m3", role: "user", content: "And in the fridge?", status: "done", createdAt: created },
    { id: "m4", role: "assistant", content: "Up to", status: "stopped", createdAt: created, model: "mistral-small-latest" },
    { id: "m5", role: "assistant", content: "Twelve", status: "streaming", createdAt: created },
    {
      id: "m6",
      role: "assistant",
      content: "",
      status: "error",
      createdAt: created,
      error: { code: "RATE_LIMITED", message: "Too many requests: the API's rate limit was reached.", fix: "Wait." },
    },
  ],
};

const plain: Conversation = { id: "c2", title: "Plain", createdAt: created, updatedAt: created, messages: [{ id: "p1", role: "user", content: "hi", status: "done", createdAt: created }] };

describe("conversationsToJson", () => {
  it("writes the format, version, export time and conversations, pretty-printed", () => {
    const text = conversationsToJson([plain], now);
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(file).toEqual({ format: "tramontane-conversations", version: 1, exportedAt: now.toISOString(), conversations: [plain] });
    expect(text).toContain('\n  "format": "tramontane-conversations",\n');
  });

  it("exports a reply still streaming as incomplete, without changing the conversation itself", () => {
    const file = JSON.parse(conversationsToJson([bread], now)) as { conversations: Conversation[] };
    expect(file.conversations[0]?.messages[4]?.status).toBe("incomplete");
    expect(bread.messages[4]?.status).toBe("streaming");
  });
});

describe("conversationsToMarkdown", () => {
  const markdown = conversationsToMarkdown([bread, plain]);

  it("gives each conversation a heading, its date, and its system prompt as a quote", () => {
    expect(markdown.startsWith("# Sourdough timing\n\n_2026-11-24 12:05_\n\nSystem prompt:\n\n> You are a baker.\n>\n> Answer briefly.\n\n")).toBe(true);
    expect(markdown).toContain("\n\n---\n\n# Plain\n\n_2026-11-24 12:05_\n\n**You**\n\nhi\n");
    expect(markdown).not.toMatch(/# Plain[\s\S]*System prompt/);
  });

  it("names who spoke, with the model, and keeps the content verbatim", () => {
    expect(markdown).toContain("**You**\n\nHow long to proof?\n\n- overnight?\n\n**Assistant (mistral-small-latest)**\n\nAbout **4 hours** at 24 °C.");
    expect(markdown).toContain("**Assistant**\n\nTwelve");
  });

  it("notes replies that were stopped, cut short or failed", () => {
    expect(markdown).toContain("Up to\n\n_(Stopped before the reply was finished.)_");
    expect(markdown).toContain("Twelve\n\n_(Cut short: the reply did not finish.)_");
    expect(markdown).toContain("**Assistant**\n\n_(Error: Too many requests: the API's rate limit was reached.)_");
  });

  it("keeps a title on one line and names an untitled chat", () => {
    expect(conversationsToMarkdown([{ ...plain, title: "two\nlines" }])).toMatch(/^# two lines\n/);
    expect(conversationsToMarkdown([{ ...plain, title: "" }])).toMatch(/^# Untitled chat\n/);
  });
});

describe("exportFileName", () => {
  it("names an export of several chats (or none) after the date", () => {
    expect(exportFileName("json", [bread, plain], now)).toBe("tramontane-2026-11-25.json");
    expect(exportFileName("md", [], now)).toBe("tramontane-2026-11-25.md");
  });

  it("names an export of one chat after its title, ASCII-safe and at most 60 characters", () => {
    expect(exportFileName("md", [bread], now)).toBe("tramontane-sourdough-timing.md");
    expect(exportFileName("json", [{ ...plain, title: "Crème brûlée: l'été / à Paris?" }], now)).toBe("tramontane-creme-brulee-l-ete-a-paris.json");
    const long = exportFileName("md", [{ ...plain, title: "word ".repeat(40) }], now);
    const slug = long.slice("tramontane-".length, -".md".length);
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("falls back to the date when the title has no ASCII letters or digits", () => {
    expect(exportFileName("md", [{ ...plain, title: "北风 🌬️" }], now)).toBe("tramontane-2026-11-25.md");
    expect(exportFileName("md", [{ ...plain, title: "../../etc" }], now)).toBe("tramontane-etc.md");
  });
});
