import type { Root } from "hast";
import { describe, expect, it } from "vitest";
import { maxHighlightedCodeChars, skipLongCodeHighlighting } from "./skipLongCodeHighlighting";

const codeTree = (text: string): Root => ({
  type: "root",
  children: [{ type: "element", tagName: "pre", properties: {}, children: [{ type: "element", tagName: "code", properties: { className: ["language-js"] }, children: [{ type: "text", value: text }] }] }],
});

function codeClasses(tree: Root): unknown {
  const pre = tree.children[0];
  const code = pre?.type === "element" ? pre.children[0] : undefined;
  return code?.type === "element" ? code.properties.className : undefined;
}

describe("skipLongCodeHighlighting", () => {
  it("marks only code longer than the limit as not to be highlighted", () => {
    const short = codeTree("a".repeat(maxHighlightedCodeChars));
    const long = codeTree("a".repeat(maxHighlightedCodeChars + 1));
    skipLongCodeHighlighting()(short);
    skipLongCodeHighlighting()(long);
    expect(codeClasses(short)).toEqual(["language-js"]);
    expect(codeClasses(long)).toEqual(["language-js", "no-highlight"]);
  });
});
