import type { PlainTextEnding } from "./markPlainTextEnd";
import { literalAddress } from "./readPlainParagraph";

/**
 * While a reply streams, its last block grows by a few characters per frame, and parsing that
 * whole block again each frame is most of what a frame costs. When what was added since the block
 * was last parsed is plain prose that can only lengthen the text the block ends with, the parsed
 * block can stay as it is, with the addition shown after its last text: this says when that holds,
 * from the text alone. The parse of `parsed` must also end with that text, directly in a
 * paragraph, list item, heading or table cell, or with an inline element there that the addition
 * follows after a space (markPlainTextEnd checks it on the tree and says which: `ending`).
 *
 * Returns what to show after the parsed block's last text (undefined: parse `text` again).
 */

// Characters that can start or end inline syntax (emphasis, code, links and images, HTML and
// autolinks, entities, escapes, strikethrough, table cells, footnotes), a heading's closing
// hashes, address parts (":" "/" "@"), math ("$"), and line breaks, which can start any block.
const mayBeSyntax = /[*_`[\]()<>&;\\~|@:/#$\n\r\0]/;
// GFM turns bare web addresses and e-mail addresses into links: a word that may be becoming one.
const mayBecomeAddress = (word: string) => literalAddress.test(word) || word.includes("@");
// A line that starts with "[" (after any quote or list markers) may be becoming a link or
// footnote definition, which shows nothing — unless it is a task's box ("[ ] ", "[x] "): a
// definition's label is never blank, and "]" must be followed by ":".
const mayBecomeDefinition = /^[ \t>]*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+)*\[(?![ xX]\][ \t])/;
const letter = /\p{L}/u;
const trailingSpaces = /[ \t]+$/;

export function plainTextToAppend(parsed: string, text: string, ending: PlainTextEnding): string | undefined {
  if (!text.startsWith(parsed)) return undefined;
  const added = text.slice(parsed.length);
  if (mayBeSyntax.test(added)) return undefined;
  const kept = parsed.replace(trailingSpaces, "");
  // An escape ("\" then punctuation) could form across the join.
  if (kept.endsWith("\\")) return undefined;
  // A line with no letter may be becoming a list item ("1."), a thematic break ("---") or a
  // heading's underline ("==="): its meaning is not settled.
  const lastLine = kept.slice(kept.lastIndexOf("\n") + 1);
  if (!letter.test(lastLine) || mayBecomeDefinition.test(lastLine)) return undefined;
  // The parser drops spaces and tabs at the end of a block: those left out of `kept` come back
  // when text follows them.
  const shown = parsed.slice(kept.length) + added;
  const afterSpace = /^[ \t]/.test(shown);
  // After an inline element, only from a space on: "__bold__x" is not bold.
  if (ending === "inline" && !afterSpace) return undefined;
  // A word may be becoming an address: the block's last word lengthened, or a new one.
  const lastWord = kept.slice(Math.max(kept.lastIndexOf(" "), kept.lastIndexOf("\t")) + 1);
  if (mayBecomeAddress(afterSpace ? added : lastWord + added)) return undefined;
  return shown.replace(trailingSpaces, "");
}
