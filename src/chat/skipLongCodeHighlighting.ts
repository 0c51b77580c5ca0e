import type { Element, ElementContent, Root } from "hast";

/** Above this, code is shown plain: highlighting it would freeze the page for a second or more. */
export const maxHighlightedCodeChars = 100_000;

function textLength(node: ElementContent): number {
  if (node.type === "text") return node.value.length;
  if (node.type === "element") return node.children.reduce((sum, child) => sum + textLength(child), 0);
  return 0;
}

function mark(node: Root | Element): void {
  for (const child of node.children) {
    if (child.type !== "element") continue;
    if (child.tagName === "code" && textLength(child) > maxHighlightedCodeChars) {
      // rehypeHighlightCode (like rehype-highlight) leaves alone any code with the `no-highlight` class.
      const classes = Array.isArray(child.properties.className) ? child.properties.className : [];
      child.properties.className = [...classes, "no-highlight"];
    } else {
      mark(child);
    }
  }
}

/** A rehype plugin, run before rehypeHighlightCode, that keeps very long code blocks plain. */
export function skipLongCodeHighlighting() {
  return (tree: Root) => mark(tree);
}
