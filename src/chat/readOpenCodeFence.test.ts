import { fromMarkdown } from "mdast-util-from-markdown";
import { describe, expect, it } from "vitest";
import { readOpenCodeFence } from "./readOpenCodeFence";

/** What the Markdown parser react-markdown uses makes of the block, rendered as its code element's text. */
function parsed(block: string): { language?: string; code: string } | undefined {
  const [first, ...rest] = fromMarkdown(block).children;
  if (first?.type !== "code" || rest.length > 0) return undefined;
  return { ...(first.lang ? { language: first.lang } : {}), code: first.value ? `${first.value}\n` : "" };
}

describe("readOpenCodeFence", () => {
  it.each([
    ["a block being written", "```ts\nconst a = 1;\nconst b"],
    ["a tilde fence", "~~~~python\nprint(1)"],
    ["no language", "```\nplain"],
    ["Markdown, HTML and blank lines inside", "```md\n# not a heading\n\n**not bold** <b>x</b>"],
    ["the opening fence alone", "```js"],
    ["the opening fence and a line break", "```js\n"],
    ["blank lines at the end", "```js\nx\n\n"],
    ["a blank line first", "```js\n\nx"],
    ["spaces at the end", "```js\nx\n   \n"],
    ["indented and tabbed code", "```js\n  indented\n\tx"],
    ["a shorter fence inside", "````js\n```\nstill code"],
    ["a fence of the other kind inside", "~~~\n```\nx"],
  ])("reads %s exactly as the parser does", (_name, block) => {
    expect(parsed(block)).toBeDefined();
    expect(readOpenCodeFence(block)).toEqual(parsed(block));
  });

  it.each([
    ["a closed block", "```js\nx\n```"],
    ["a block closed by a longer fence", "```js\nx\n`````"],
    ["a paragraph", "Some text"],
    ["inline code, not a fence", "```a`b```"],
    ["an indented fence", "  ```js\nx"],
    ["a language the parser must decode", "```c\\+\\+\nx"],
    ["a tilde fence with an entity", "~~~c&#43;\nx"],
    ["Windows line breaks", "```js\r\nx"],
  ])("leaves %s to the parser", (_name, block) => {
    expect(readOpenCodeFence(block)).toBeUndefined();
  });
});
