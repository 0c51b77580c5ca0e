import type { Element, Root } from "hast";
import { toText } from "hast-util-to-text";
import { common, createLowlight } from "lowlight";
import { visit } from "unist-util-visit";
import { nextTask } from "../ui/nextPaint";

/*
 * Code highlighting with lowlight (highlight.js on hast), the library rehype-highlight wraps. Not
 * rehype-highlight itself: it registers all of lowlight's ~35 `common` grammars at once when it
 * is set up, which was one task of 25–40 ms on every start here, with the page unable to answer.
 * Here they are registered a few per task, before any reply is formatted. Only fences that name a
 * language are highlighted (no guessing, which is slow and often wrong), as rehype-highlight does
 * by default, with the same classes (`hljs`, `hljs-*`), which markdown.css colours.
 * react-markdown sets its plugins up again on every render, so the highlighter is made once, here,
 * and the plugin only hands out a transform that uses it (set up per block, it cost 5–30 ms each).
 */

const lowlight = createLowlight();

/** Registering a grammar takes up to 2 ms here (the XML one); a handful keeps each task short. */
const grammarsPerTask = 6;

let registering: Promise<void> | undefined;

/** Registers the grammars, a few per task; resolves when all are in. Idempotent. */
export function prepareHighlighting(): Promise<void> {
  registering ??= (async () => {
    const grammars = Object.entries(common);
    for (let start = 0; start < grammars.length; start += grammarsPerTask) {
      lowlight.register(Object.fromEntries(grammars.slice(start, start + grammarsPerTask)));
      await nextTask();
    }
  })();
  return registering;
}

/** The language a code element names (`language-x` or `lang-x`); false when marked `no-highlight`. */
function namedLanguage(code: Element): string | false | undefined {
  const classes = code.properties.className;
  if (!Array.isArray(classes)) return undefined;
  let name: string | undefined;
  for (const value of classes.map(String)) {
    if (value === "no-highlight" || value === "nohighlight") return false;
    name ??= /^lang(?:uage)?-(.+)$/.exec(value)?.[1];
  }
  return name;
}

/**
 * A rehype plugin: highlights each `pre > code` whose language is registered. Code in a language
 * it does not know stays plain text, so does code before prepareHighlighting has finished.
 */
export function rehypeHighlightCode() {
  return (tree: Root) => {
    visit(tree, "element", (node, _index, parent) => {
      if (node.tagName !== "code" || parent?.type !== "element" || parent.tagName !== "pre") return;
      const language = namedLanguage(node);
      if (!language || !lowlight.registered(language)) return;
      const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
      node.properties.className = ["hljs", ...classes];
      const highlighted = lowlight.highlight(language, toText(node, { whitespace: "pre" }));
      if (highlighted.children.length > 0) node.children = highlighted.children as Element["children"];
    });
  };
}
