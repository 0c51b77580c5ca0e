/**
 * The link policy for model output (DESIGN.md rule 6): model text is untrusted, so a link may only
 * point at the web or start an e-mail. Everything else (`javascript:`, `data:`, `vbscript:`,
 * `file:`, `blob:`, app-relative paths) is refused and the caller renders the text without a link.
 */
const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(["http:", "https:", "mailto:"]);

/**
 * Returns the address to put in `href`, or undefined when the link must not be a link.
 *
 * The check parses with the WHATWG URL parser, the same algorithm the browser applies to `href`,
 * so obfuscations the browser would undo (mixed case, leading spaces or control characters, tabs
 * and newlines inside the scheme) are undone here too before the scheme is compared. The returned
 * value is the parser's serialisation, not the input: what we checked is exactly what the browser
 * gets, with no second parse that could read it differently.
 *
 * Relative addresses are refused on purpose (no base is given): in a reply they would resolve
 * against this app's origin, and a model has no business linking into the app.
 */
export function safeLinkUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  // http(s) are "special" schemes: the parser refuses them without a host, so no host check here.
  return ALLOWED_PROTOCOLS.has(parsed.protocol) ? parsed.href : undefined;
}

/** Whether an image at this address may be fetched once the person asks: web addresses only. */
export function safeImageUrl(url: string): string | undefined {
  const safe = safeLinkUrl(url);
  if (safe === undefined || safe.startsWith("mailto:")) return undefined;
  return safe;
}
