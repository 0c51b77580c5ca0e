import type { Element, ElementContent, Root, RootContent } from "hast";
import type { VFile } from "vfile";

/**
 * A rehype plugin for the block still being written (see plainTextToAppend): finds whether the
 * parsed block ends where text added to it would simply be lengthening one element's content —
 * a paragraph, list item, heading or table cell — and marks that element (isPlainTextEnd), so that
 * text added after it can be shown right after its children, exactly as a new parse would show it.
 * The block ends so in one of two ways (PlainTextEnding):
 * - "text": with plain text, the element's last child;
 * - "inline": with an inline element (emphasis, code, a link) that closes at the block's end, the
 *   element's last child. Only text that starts with a space or tab may follow it: a letter
 *   straight after a closing "_" or "**" can change what they mean.
 * A table row shorter than its table ends with empty cells the parser adds (they have no place in
 * the source): text added goes to the last cell that was written.
 *
 * How a block ends is kept by its text (plainTextEnding), for the frames that follow.
 */

export type PlainTextEnding = "text" | "inline";

/** The elements whose text can be lengthened: text directly in them is text of the source. */
export const textElements = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th"] as const;
const canTakeText = new Set<string>(textElements);
/** Inline elements after which a parse puts added text, when it starts with a space, as a text of their parent. */
const inlineElements = new Set(["strong", "em", "del", "code", "a"]);
const marked = new WeakSet<Element>();
// The few latest blocks parsed while streaming (one reply streams at a time).
const endings = new Map<string, PlainTextEnding | undefined>();
const endingsKept = 8;

/** True when `node` is where text added to the block goes. */
export function isPlainTextEnd(node: Element | undefined): boolean {
  return node !== undefined && marked.has(node);
}

/**
 * How the block, as last parsed, ends: with text that can be lengthened, with an inline element
 * that text can follow, or (undefined) neither — or it was not parsed lately.
 */
export function plainTextEnding(block: string): PlainTextEnding | undefined {
  return endings.get(block);
}

// remark-rehype puts line breaks between blocks, rows and cells: text with no place in the source.
const isLayoutText = (node: RootContent) => node.type === "text" && node.position === undefined && node.value.trim() === "";
// …and cells to fill a row shorter than its table.
const isAddedCell = (node: RootContent) => node.type === "element" && node.position === undefined && (node.tagName === "td" || node.tagName === "th");

function lastContent(children: RootContent[]): RootContent | undefined {
  for (let index = children.length - 1; index >= 0; index -= 1) {
    const child = children[index];
    if (child && !isLayoutText(child) && !isAddedCell(child)) return child;
  }
  return undefined;
}

function endingOf(element: Element, last: ElementContent | undefined, end: number): PlainTextEnding | undefined {
  if (last?.position?.end.offset !== end || !canTakeText.has(element.tagName)) return undefined;
  if (last.type === "text") return "text";
  if (last.type === "element" && inlineElements.has(last.tagName)) return "inline";
  return undefined;
}

function findEnding(tree: Root, end: number): { element: Element; ending: PlainTextEnding } | undefined {
  let node = lastContent(tree.children);
  while (node?.type === "element") {
    const ending = endingOf(node, node.children.at(-1), end);
    if (ending) return { element: node, ending };
    node = lastContent(node.children);
  }
  return undefined;
}

export function markPlainTextEnd() {
  return (tree: Root, file: VFile) => {
    const block = String(file.value);
    const found = findEnding(tree, block.replace(/[ \t]+$/, "").length);
    if (found) marked.add(found.element);
    endings.delete(block);
    endings.set(block, found?.ending);
    if (endings.size > endingsKept) endings.delete(endings.keys().next().value ?? "");
  };
}
