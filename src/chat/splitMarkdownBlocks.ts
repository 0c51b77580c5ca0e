import { followCodeFences } from "./followCodeFences";

/**
 * Splits Markdown into top-level blocks that can be rendered on their own, so a streaming reply
 * re-parses only its last block instead of the whole reply on every update (which grows with the
 * square of the reply's length).
 *
 * A split happens only at a blank line outside a fenced code block, and only when the next line
 * starts at the margin: an indented line continues the block before it (a list item's second
 * paragraph or nested code), and cutting there would change its meaning. Joining the blocks back
 * with "\n\n" gives the original text, minus extra blank lines between blocks.
 *
 * Reference-style links ("[text][id]" with "[id]: https://…" anywhere in the reply) only resolve
 * within one parse, so every block that has text gets the reply's link definitions appended
 * (a definition renders nothing). Footnotes are left as they are.
 */

const linkDefinition = /^ {0,3}\[(?!\^)[^\]]+\]:\s*\S/;

export function splitMarkdownBlocks(text: string): string[] {
  const lines = text.split("\n");
  const blocks: string[] = [];
  let current: string[] = [];
  const fences = followCodeFences();
  let blankSeen = false;
  const definitions: string[] = [];

  for (const line of lines) {
    if (!fences.isOpen && linkDefinition.test(line)) definitions.push(line);
    if (!fences.isOpen && line.trim() === "") {
      blankSeen = current.length > 0;
      if (blankSeen) current.push(line);
      continue;
    }
    const startsAtMargin = !/^\s/.test(line);
    if (!fences.isOpen && blankSeen && startsAtMargin) {
      blocks.push(trimTrailingBlankLines(current));
      current = [];
    }
    blankSeen = false;
    current.push(line);
    fences.take(line);
  }
  if (current.length > 0) blocks.push(trimTrailingBlankLines(current));
  if (definitions.length === 0) return blocks;
  const appended = `\n\n${definitions.join("\n")}`;
  const onlyDefinitions = (block: string) => block.split("\n").every((line) => linkDefinition.test(line));
  return blocks.map((block) => (onlyDefinitions(block) ? block : block + appended));
}

function trimTrailingBlankLines(lines: string[]): string {
  let end = lines.length;
  while (end > 0 && lines[end - 1]?.trim() === "") end -= 1;
  return lines.slice(0, end).join("\n");
}
