import { followCodeFences } from "./followCodeFences";

/*
 * Models write math in several ways: `$$…$$`, LaTeX's `\(…\)` and `\[…\]`, and `$…$`. The parser
 * (remark-math, with single dollars off) reads `$$…$$` only, so the others are rewritten to it
 * first, outside code. Single dollars count as math only as Pandoc reads them — the opening `$` is
 * followed by a non-space, the closing one follows a non-space and is not followed by a digit — so
 * that prices ("$5 and $10") stay text.
 */

/** Whether a block may hold math, in any of the ways above: most do not, and are left as they are. */
export function mayHoldMath(block: string): boolean {
  return block.includes("$") || block.includes("\\(") || block.includes("\\[");
}

/** Code spans, and the text between them: only the text is rewritten. */
const codeSpan = /(`+)[^`]*?(?:`(?!`)[^`]*?)*?\1(?!`)/g;
const displayLine = /^(\s*)\\\[(.+)\\\]\s*$/;
const inlineParens = /\\\((.+?)\\\)/g;
const inlineBrackets = /\\\[(.+?)\\\]/g;
const singleDollars = /(?<![\\$\w])\$(?![\s$])((?:[^$\n\\]|\\.)*?[^\s\\$])\$(?![\d$])/g;

function rewriteText(text: string): string {
  return text.replace(inlineParens, "$$$$$1$$$$").replace(inlineBrackets, "$$$$$1$$$$").replace(singleDollars, "$$$$$1$$$$");
}

function rewriteLine(line: string): string {
  const display = displayLine.exec(line);
  if (display) return `${display[1]}$$\n${display[1]}${display[2]}\n${display[1]}$$`;
  let result = "";
  let last = 0;
  for (const span of line.matchAll(codeSpan)) {
    result += rewriteText(line.slice(last, span.index)) + span[0];
    last = span.index + span[0].length;
  }
  return result + rewriteText(line.slice(last));
}

export function normalizeMathDelimiters(block: string): string {
  if (!mayHoldMath(block)) return block;
  const fences = followCodeFences();
  return block
    .split("\n")
    .map((line) => {
      // A fence's own lines and the code between them stay as written.
      const inCode = fences.isOpen;
      fences.take(line);
      if (inCode || fences.isOpen) return line;
      // A display formula over several lines: `\[` and `\]` alone on theirs.
      if (/^\s*\\\[\s*$/.test(line) || /^\s*\\\]\s*$/.test(line)) return line.replace(/\\[[\]]/, "$$$$");
      return rewriteLine(line);
    })
    .join("\n");
}
