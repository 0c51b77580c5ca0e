import { createContext, createElement, memo, useContext, useMemo, useRef, useState } from "react";
import type { ComponentProps, HTMLAttributes, ReactNode } from "react";
import Markdown from "react-markdown";
import type { Components, ExtraProps, Options, UrlTransform } from "react-markdown";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { toText } from "hast-util-to-text";
import { CopyButton } from "./CopyButton";
import { MathFormula } from "./MathFormula";
import { mayHoldMath, normalizeMathDelimiters } from "./normalizeMathDelimiters";
import { rehypeHighlightCode } from "./highlightCode";
import { safeImageUrl, safeLinkUrl } from "./safeLinkUrl";
import { skipLongCodeHighlighting } from "./skipLongCodeHighlighting";
import { readOpenCodeFence } from "./readOpenCodeFence";
import { readPlainParagraph } from "./readPlainParagraph";
import { isPlainTextEnd, markPlainTextEnd, plainTextEnding, textElements } from "./markPlainTextEnd";
import { plainTextToAppend } from "./plainTextToAppend";
import { splitMarkdownBlocks } from "./splitMarkdownBlocks";
import { useBlocksFormatted } from "./useBlocksFormatted";
import "./markdown.css";

export { prepareHighlighting } from "./highlightCode";

/*
 * Renders a model's reply as Markdown. Model output is untrusted (DESIGN.md rule 6):
 * - raw HTML is never parsed: react-markdown turns it into text (there is no rehype-raw here);
 * - every URL goes through safeLinkUrl, and a refused link renders as its text;
 * - images are never fetched until the person asks, because a remote image is a beacon that
 *   tells its host the reply was read (and can carry conversation text in its address).
 * This module and its CSS are loaded lazily by MessageView, so none of it is on the first screen.
 */

type HastElement = NonNullable<ExtraProps["node"]>;

// Math in double dollars only: normalizeMathDelimiters rewrites the other ways of writing it.
const remarkPlugins: NonNullable<Options["remarkPlugins"]> = [remarkGfm, [remarkMath, { singleDollarTextMath: false }]];
const rehypePlugins = [skipLongCodeHighlighting, rehypeHighlightCode];
const streamingRehypePlugins = [markPlainTextEnd];

/**
 * Links get the policy; image addresses are kept as written so the placeholder can show the
 * person where the image would come from. ImagePlaceholder applies the policy before any fetch.
 */
const urlTransform: UrlTransform = (url, key, node) =>
  key === "src" && node.tagName === "img" ? url : (safeLinkUrl(url) ?? "");

function Link({ href, children }: ComponentProps<"a"> & ExtraProps) {
  // urlTransform left an empty href when the address was refused: keep the words, drop the link.
  if (!href) return <span className="md-refused-link">{children}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      <InsideLink value={true}>{children}</InsideLink>
    </a>
  );
}

/** An image inside a link gets no link of its own: links cannot nest, and the outer one opens. */
const InsideLink = createContext(false);

/**
 * Remote images are never loaded in the page: an image is a beacon that tells its host the reply
 * was read (and its address can carry conversation text), and the Content-Security-Policy allows
 * no remote images anyway. The person sees where it would come from and can open it in a new tab.
 */
function ImagePlaceholder({ src, alt }: ComponentProps<"img"> & ExtraProps) {
  const address = typeof src === "string" ? src : "";
  const insideLink = useContext(InsideLink);
  const openable = insideLink ? undefined : safeImageUrl(address);
  return (
    <span className="md-image-placeholder">
      <span className="md-image-caption">
        Image: {alt || "no description"} — {address || "no address"}
      </span>{" "}
      {openable ? (
        <a className="md-small-button" href={openable} target="_blank" rel="noopener noreferrer">
          Open image in a new tab
        </a>
      ) : insideLink ? null : (
        <span className="md-image-refused">(not shown: only web addresses can be opened)</span>
      )}
    </span>
  );
}

function codeLanguage(pre: HastElement | undefined): string | undefined {
  const code = pre?.children.find((child): child is HastElement => child.type === "element" && child.tagName === "code");
  const classes = code?.properties.className;
  if (!Array.isArray(classes)) return undefined;
  for (const name of classes) {
    if (typeof name === "string" && name.startsWith("language-")) return name.slice("language-".length);
  }
  return undefined;
}

function CodeBlock({ children, node }: ComponentProps<"pre"> & ExtraProps) {
  const code = node?.children.find((child): child is HastElement => child.type === "element" && child.tagName === "code");
  // Display math (remark-math marks it `math-display`) is a formula, not a code block.
  if (code && hasClass(code, "math-display")) return <MathFormula tex={toText(code, { whitespace: "pre" })} display={true} />;
  return <CodeFrame language={codeLanguage(node)}>{children}</CodeFrame>;
}

function hasClass(element: HastElement, name: string): boolean {
  const classes = element.properties.className;
  return Array.isArray(classes) && classes.includes(name);
}

/** Inline code, or inline math (remark-math marks it `math-inline`). */
function InlineCode({ node, children, ...props }: ComponentProps<"code"> & ExtraProps) {
  if (node && hasClass(node, "math-inline")) return <MathFormula tex={toText(node)} display={false} />;
  return <code {...props}>{children}</code>;
}

/** A code block with its bar (language, Copy); `children` is the <code> element. */
function CodeFrame({ language, children }: { language: string | undefined; children: ReactNode }) {
  const preRef = useRef<HTMLPreElement>(null);
  return (
    <div className="md-code">
      <div className="md-code-bar">
        <span className="md-code-language">{language ?? "code"}</span>
        <CopyButton
          className="md-small-button"
          label="Copy code"
          // Read what is on screen: the highlighter has split the code into spans, the text is intact.
          // Markdown ends every fenced block with a newline the author did not type.
          getText={() => (preRef.current?.textContent ?? "").replace(/\n$/, "")}
        />
      </div>
      <pre ref={preRef}>{children}</pre>
    </div>
  );
}

function ScrollableTable({ children }: ComponentProps<"table"> & ExtraProps) {
  // Focusable so keyboard users can scroll a table wider than the reply.
  return (
    <div className="md-table-scroll" tabIndex={0}>
      <table>{children}</table>
    </div>
  );
}

function TaskCheckbox({ checked }: ComponentProps<"input"> & ExtraProps) {
  // GFM task items are a record of the model's text, not a form: never editable.
  return <input type="checkbox" checked={Boolean(checked)} disabled aria-label={checked ? "Done" : "Not done"} />;
}

const components: Components = {
  a: Link,
  img: ImagePlaceholder,
  pre: CodeBlock,
  code: InlineCode,
  table: ScrollableTable,
  input: TaskCheckbox,
};

/** Text added to the block still being written since it was parsed (see StreamingMarkdownBlock). */
const AddedText = createContext("");

function ShowAddedText() {
  return useContext(AddedText) || null;
}

/** An element of the block being written: the one its text ends in shows the text added since. */
function takingAddedText(tag: (typeof textElements)[number]) {
  return function TakingAddedText({ node, children, ...props }: HTMLAttributes<HTMLElement> & ExtraProps) {
    return createElement(tag, props, children, isPlainTextEnd(node) ? <ShowAddedText /> : null);
  };
}

const streamingComponents: Components = {
  ...components,
  ...Object.fromEntries(textElements.map((tag) => [tag, takingAddedText(tag)])),
};

/** One top-level block: memoised on its text, so finished blocks are not parsed again. */
const MarkdownBlock = memo(function MarkdownBlock({ text, highlight }: { text: string; highlight: boolean }) {
  return (
    <Markdown
      remarkPlugins={remarkPlugins}
      rehypePlugins={highlight ? rehypePlugins : streamingRehypePlugins}
      components={highlight ? components : streamingComponents}
      urlTransform={urlTransform}
    >
      {normalizeMathDelimiters(text)}
    </Markdown>
  );
});

/**
 * The block still being written. Parsing it again on every frame is most of a frame's cost, so
 * when all that was added since its last parse is plain prose lengthening the element it ends
 * with — its text, or after a space, its closing emphasis, code or link (plainTextToAppend,
 * markPlainTextEnd) — the parsed block stays and the addition is shown at that element's end, as a
 * parse would show it. Anything else (Markdown syntax, a new line) parses it again.
 */
function StreamingMarkdownBlock({ text }: { text: string }) {
  const [parsed, setParsed] = useState(text);
  // Math is left to the parser: what follows a formula is not plain text after an element.
  const ending = mayHoldMath(parsed) ? undefined : plainTextEnding(parsed);
  const added = ending ? plainTextToAppend(parsed, text, ending) : undefined;
  // Adjusting state while rendering: React renders this block again at once, parsing the new text.
  if (added === undefined && parsed !== text) setParsed(text);
  return (
    <AddedText value={added ?? ""}>
      <MarkdownBlock text={parsed} highlight={false} />
    </AddedText>
  );
}

/**
 * Rendered block by block (splitMarkdownBlocks): while a reply streams only its last block
 * changes, so each update parses that block, not the whole reply. A block is highlighted once it
 * is complete — that is, as soon as the next one starts — so highlighting is spread over the
 * stream instead of falling on its last frame. Only the block still being written is not
 * highlighted: highlighting a long block on every update costs more than everything else.
 */
export const MarkdownContent = memo(function MarkdownContent({ text, streaming = false }: { text: string; streaming?: boolean }) {
  // Once per text: a long reply renders again on every frame that formats more of it, and
  // splitting 40,000 characters on each of those frames was 10 ms of a 60 ms task on a start.
  const blocks = useMemo(() => splitMarkdownBlocks(text), [text]);
  const container = useRef<HTMLDivElement>(null);
  const formatted = useBlocksFormatted(blocks, streaming, container);
  return (
    <div ref={container} className={formatted.filling ? "markdown md-filling" : "markdown"}>
      {/* Above a long reply's end, blocks are formatted a frame's worth at a time, going up, and
          not shown until then: one empty marker stands for them all. A hidden paragraph each was
          hundreds of elements to build on opening such a chat, for nothing on screen. */}
      {formatted.from > 0 && <div key="waiting-above" className="md-waiting md-above" />}
      {blocks.map((block, index) => {
        if (index < formatted.from) return null;
        // Waiting for its frame (a burst of new blocks): the text as written, for a frame or two.
        if (index >= formatted.to) return <p key={`${index}:waiting`} className="md-waiting">{block}</p>;
        const highlight = !streaming || index < blocks.length - 1;
        // Code still being written is shown as it comes, without parsing its whole block again
        // on every update; the same elements as the parser's, so nothing moves when it closes.
        const openFence = highlight ? undefined : readOpenCodeFence(block);
        if (openFence) {
          return (
            <CodeFrame key={`${index}:open-fence`} language={openFence.language}>
              <code className={openFence.language ? `language-${openFence.language}` : undefined}>{openFence.code}</code>
            </CodeFrame>
          );
        }
        // Prose still being written, with no Markdown in it: the paragraph the parser would make.
        const plainParagraph = highlight ? undefined : readPlainParagraph(block);
        if (plainParagraph !== undefined) return <p key={`${index}:plain-paragraph`}>{plainParagraph}</p>;
        // A new subtree when a block gets highlighted: React then builds the highlighted code in
        // one go. Patched in place, each of a long block's thousands of new spans is placed one by
        // one, and finding where each goes walks its siblings (quadratic: seconds for 10,000
        // lines). Blocks only ever grow at the end while streaming, so a block keeps its index.
        if (!highlight) return <StreamingMarkdownBlock key={`${index}:streaming`} text={block} />;
        return <MarkdownBlock key={`${index}:highlighted`} text={block} highlight={true} />;
      })}
    </div>
  );
});
