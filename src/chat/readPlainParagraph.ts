/**
 * A block that is one line of plain prose — no Markdown syntax in it at all — read without a
 * Markdown parser: it renders as a paragraph of exactly its text. While a reply streams, its last
 * block is parsed again on every frame, and a long paragraph of prose is what a model writes most;
 * this lets such a paragraph be shown as is. Anything that could mean more (emphasis, code, links,
 * autolinks, HTML, entities, escapes, tables, a list or heading marker, a second line) is left to
 * the parser (undefined), which gives the same result, only slower.
 */

// Characters that can start inline syntax (GFM included): emphasis, code, links and images,
// HTML and autolinks, entities, escapes, strikethrough, table cells, email autolinks, math.
const syntax = /[*_`[\]<>&\\~|@$\n\r\0]/;
/** What GFM turns into a link when written bare: a web address's start, or a mail or XMPP scheme. */
export const literalAddress = /www\.|[a-z][a-z0-9+.-]*:\/\/|mailto:|xmpp:/i;

export function readPlainParagraph(block: string): string | undefined {
  // Starting with a letter rules out every block kind but a paragraph: list items, headings,
  // quotes, tables, indented code, HTML blocks, thematic breaks.
  if (!/^\p{L}/u.test(block) || syntax.test(block) || literalAddress.test(block)) return undefined;
  // The parser drops spaces and tabs at the end of a paragraph.
  return block.replace(/[ \t]+$/, "");
}
