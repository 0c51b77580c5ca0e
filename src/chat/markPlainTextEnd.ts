import type { Element, Root, RootContent } from "hast";
import type { VFile } from "vfile";

/**
 * A rehype plugin for the block still being written (see plainTextToAppend): finds whether the
 * parsed block ends with plain text, directly in a paragraph, list item, heading or table cell,
 * as its element's last child. If so, text added after it can be shown right after that element's
 * children, exactly as a new parse would show it; that element is marked (isPlainTextEnd).
 *
 * Whether a block ends so is kept by its text (endsWithPlainText), for the frames that follow.
 */

/** The elements whose text can be lengthened: text directly in them is text of the source. */
export const textElements = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th"] as const;
const canTakeText = new Set<string>(textElements);
const marked = new WeakSet<Element>();
// The few latest blocks parsed while streaming (one reply streams at a time).
const endings = new Map<string, boolean>();
const endingsKept = 8;

/** True when `node` is where text added to the block goes. */
export function isPlainTextEnd(node: Element | undefined): boolean {
  return node !== undefined && marked.has(node);
}

/** Whether the block, as last parsed, ends with plain text that can be lengthened; undefined if it was not parsed lately. */
export function endsWithPlainText(block: string): boolean | undefined {
  return endings.get(block);
}

// remark-rehype puts line breaks between blocks, rows and cells: text with no place in the source.
const isLayoutText = (node: RootContent) => node.type === "text" && node.position === undefined && node.value.trim() === "";

function lastContent(children: RootContent[]): RootContent | undefined {
  for (let index = children.length - 1; index >= 0; index -= 1) {
    const child = children[index];
    if (child && !isLayoutText(child)) return child;
  }
  return undefined;
}

function elementEndingWithText(tree: Root, end: number): Element | undefined {
  let node = lastContent(tree.children);
  while (node?.type === "element") {
    const last = node.children.at(-1);
    if (last?.type === "text" && last.position?.end.offset === end) return canTakeText.has(node.tagName) ? node : undefined;
    node = lastContent(node.children);
  }
  return undefined;
}

export function markPlainTextEnd() {
  return (tree: Root, file: VFile) => {
    const block = String(file.value);
    const element = elementEndingWithText(tree, block.replace(/[ \t]+$/, "").length);
    if (element) marked.add(element);
    endings.delete(block);
    endings.set(block, element !== undefined);
    if (endings.size > endingsKept) endings.delete(endings.keys().next().value ?? "");
  };
}
