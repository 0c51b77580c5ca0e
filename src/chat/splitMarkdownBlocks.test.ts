import { describe, expect, it } from "vitest";
import { splitMarkdownBlocks } from "./splitMarkdownBlocks";

describe("splitMarkdownBlocks", () => {
  it("splits paragraphs, headings, lists and tables at blank lines", () => {
    const text = "# Title\n\nFirst paragraph\nstill first.\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |";
    expect(splitMarkdownBlocks(text)).toEqual(["# Title", "First paragraph\nstill first.", "- a\n- b", "| x | y |\n|---|---|\n| 1 | 2 |"]);
  });

  it("never splits inside a fenced code block, even at blank lines or lines at the margin", () => {
    const text = "Intro\n\n```python\ndef f():\n\n    return 1\n\nprint(f())\n```\n\nAfter";
    expect(splitMarkdownBlocks(text)).toEqual(["Intro", "```python\ndef f():\n\n    return 1\n\nprint(f())\n```", "After"]);
  });

  it("keeps an unclosed fence (a reply still streaming) in the last block", () => {
    expect(splitMarkdownBlocks("Text\n\n~~~\nline\n\nmore")).toEqual(["Text", "~~~\nline\n\nmore"]);
  });

  it("closes a fence only with the same character and at least the same length", () => {
    const text = "````\n```\n\nstill code\n````\n\nout";
    expect(splitMarkdownBlocks(text)).toEqual(["````\n```\n\nstill code\n````", "out"]);
  });

  it("keeps indented continuations (a list item's paragraph or nested code) with their block", () => {
    const text = "1. Step one\n\n    ```js\n    run();\n    ```\n\n   More about step one.\n\n2. Step two";
    expect(splitMarkdownBlocks(text)).toEqual(["1. Step one\n\n    ```js\n    run();\n    ```\n\n   More about step one.", "2. Step two"]);
  });

  it("gives every block the reply's link definitions, so reference-style links resolve in any block", () => {
    const text = "See [the docs][docs].\n\n![logo][img]\n\n[docs]: https://docs.mistral.ai\n[img]: https://example.org/logo.png";
    const definitions = "[docs]: https://docs.mistral.ai\n[img]: https://example.org/logo.png";
    expect(splitMarkdownBlocks(text)).toEqual([`See [the docs][docs].\n\n${definitions}`, `![logo][img]\n\n${definitions}`, definitions]);
  });

  it("takes no definitions from inside code", () => {
    expect(splitMarkdownBlocks("```\n[x]: https://a.example\n```\n\nText")).toEqual(["```\n[x]: https://a.example\n```", "Text"]);
  });

  it("drops extra blank lines between blocks and at the ends, and gives nothing for empty text", () => {
    expect(splitMarkdownBlocks("\n\nA\n\n\n\nB\n\n")).toEqual(["A", "B"]);
    expect(splitMarkdownBlocks("")).toEqual([]);
  });
});
