/**
 * A block that is a fenced code block still being written (no closing fence yet), read without a
 * Markdown parser: everything after the opening line is literal code, so while a reply streams
 * code, each update can show it as is instead of parsing the whole block again. Only the plain
 * case is read here (a fence at the margin, a simple language name); anything else is left to
 * the parser (undefined), which gives the same result, only slower.
 */
export interface OpenCodeFence {
  language?: string;
  /** The code as Markdown renders it: its lines, ending with a newline when there is any. */
  code: string;
}

const opening = /^(`{3,}|~{3,})[ \t]*([^\s`]*)[ \t]*$/;
const simpleLanguage = /^[\w+#.-]*$/;

export function readOpenCodeFence(block: string): OpenCodeFence | undefined {
  const firstBreak = block.indexOf("\n");
  const firstLine = firstBreak === -1 ? block : block.slice(0, firstBreak);
  const match = opening.exec(firstLine);
  if (!match) return undefined;
  const [, fence = "", language = ""] = match;
  // A backtick fence's info string cannot hold backticks; escapes and entities need the parser.
  if (!simpleLanguage.test(language) || (fence.startsWith("~") && /[\\&]/.test(firstLine))) return undefined;
  const body = firstBreak === -1 ? "" : block.slice(firstBreak + 1);
  if (body.includes("\r")) return undefined;
  const closing = new RegExp(`^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}[ \\t]*$`);
  if (body.split("\n").some((line) => closing.test(line))) return undefined;
  // The parser drops the text's final line break; what is left ends with one when rendered.
  const value = body.endsWith("\n") ? body.slice(0, -1) : body;
  return { ...(language ? { language } : {}), code: value ? `${value}\n` : "" };
}
