import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";
import { readPlainParagraph } from "./readPlainParagraph";
import { seededRandom } from "../test/seededRandom";

/** The paragraph's text when the parser react-markdown uses (with GFM) makes the block one paragraph of one text; else undefined. */
function parsedParagraph(block: string): string | undefined {
  const [first, ...rest] = fromMarkdown(block, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }).children;
  if (first?.type !== "paragraph" || rest.length > 0) return undefined;
  const [text, ...more] = first.children;
  return text?.type === "text" && more.length === 0 ? text.value : undefined;
}

describe("readPlainParagraph", () => {
  it.each([
    ["prose with punctuation", "The mistral is a cold wind, isn't it? Yes (mostly) - 42% of days; \"often\" in winter."],
    ["accents and other scripts", "Ça souffle fort à Perpignan — 風が強い — ветер."],
    ["a colon and a slash that are not an address", "Note: either/or, 3/4 of the time: fine."],
    ["spaces at the end", "A line still being written   "],
    ["a hash and an exclamation mark inside", "Issue #8 is done! Really."],
  ])("reads %s exactly as the parser does", (_name, block) => {
    expect(parsedParagraph(block)).toBeDefined();
    expect(readPlainParagraph(block)).toBe(parsedParagraph(block));
  });

  it.each([
    ["emphasis", "Some **bold** text"],
    ["an underscore", "snake_case_name here"],
    ["inline code", "Use `npm test` now"],
    ["a link", "See [the docs](https://example.com)"],
    ["a web address (a GFM autolink)", "See www.example.com for more"],
    ["a full address", "Go to https://example.com now"],
    ["an email address", "Write to wind@example.com please"],
    ["HTML", "A <b>bold</b> claim"],
    ["an entity", "Fish &amp; chips"],
    ["an escape", "A \\* star"],
    ["strikethrough", "It was ~~wrong~~ right"],
    ["a table row", "Wind | Region"],
    ["a second line", "First line\nsecond line"],
    ["a list item", "- an item"],
    ["a numbered item", "1. first"],
    ["a heading", "# Title"],
    ["a quote", "> quoted"],
    ["indented code", "    code"],
    ["a number first", "2024 was windy"],
  ])("leaves %s to the parser", (_name, block) => {
    expect(readPlainParagraph(block)).toBeUndefined();
  });

  it("never reads a block differently from the parser (20,000 random blocks)", () => {
    const next = seededRandom(8);
    // Single characters and whole constructs, so that the random blocks do hold real syntax.
    const pieces = ["a", "b", "Z", "é", " ", " ", "\t", ".", ",", ":", "/", "-", "+", "=", "#", "!", "?", "(", ")", "'", '"', "1", "9", "*", "_", "`", "[", "]", "<", ">", "&", "\\", "~", "|", "@", "\n", "$", "%", "^", "{", "}",
      " _wind_ ", " *wind* ", "**", "`x`", "~~gone~~", "~one~", "[a](b)", "[a]", "![i](x)", " www.example.com ", "http://x.org", "a@b.co", "&amp;", "&#42;", "\\*", "<b>", "<https://x.y>", " | b |", "\n===", "\n---", "  \n", "\n- x"];
    let read = 0;
    for (let count = 0; count < 20_000; count += 1) {
      const length = 1 + Math.floor(next() * 24);
      let block = next() < 0.7 ? "Wind " : "";
      for (let index = 0; index < length; index += 1) block += pieces[Math.floor(next() * pieces.length)];
      const fast = readPlainParagraph(block);
      if (fast === undefined) continue;
      read += 1;
      expect(fast, JSON.stringify(block)).toBe(parsedParagraph(block));
    }
    // The fast path is actually exercised, not only refused.
    expect(read).toBeGreaterThan(300);
  });
});
