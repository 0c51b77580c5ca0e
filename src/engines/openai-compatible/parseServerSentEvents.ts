/**
 * The `data` payloads of a Server-Sent Events body, following the WHATWG event-stream rules
 * (html.spec.whatwg.org, "Parsing an event stream"): lines end in CRLF, LF or CR; lines starting
 * with ":" are comments (keep-alives); several `data:` lines of one event are joined with "\n";
 * a blank line dispatches the event. Network chunks may split a line, a CRLF pair or a UTF-8
 * character anywhere, so nothing here assumes a chunk holds whole events.
 *
 * Fields other than `data` (event, id, retry) are ignored: chat-completion streams do not use them.
 */
export async function* parseServerSentEvents(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = stream.getReader();
  // stream: true keeps a multi-byte character split across chunks for the next decode.
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];
  let done = false;
  try {
    for (;;) {
      const read = await reader.read();
      if (read.done) {
        done = true;
        buffer += decoder.decode();
      } else {
        buffer += decoder.decode(read.value, { stream: true });
      }
      for (;;) {
        const end = lineEnd(buffer, done);
        if (end === undefined) break;
        const line = buffer.slice(0, end.index);
        buffer = buffer.slice(end.index + end.length);
        if (line === "") {
          if (data.length > 0) yield data.join("\n");
          data = [];
          continue;
        }
        const value = dataValue(line);
        if (value !== undefined) data.push(value);
      }
      if (done) break;
    }
    // The spec drops an event that lacks its closing blank line at the end of the stream. Its
    // `data:` lines were complete, though, and some servers end with "data: [DONE]\n" and no
    // blank line: keeping them loses nothing, while a half-received line (still in `buffer`)
    // is dropped as the spec says.
    if (data.length > 0) yield data.join("\n");
  } finally {
    // Reached early when the consumer stops iterating (break, abort): cancelling tells the
    // server, through the closed connection, that nobody reads the rest.
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * Where the first complete line ends in `buffer`. A CR at the very end of the buffer may be the
 * first half of a CRLF whose LF is still in flight, so it counts as a line end only once the
 * stream is over.
 */
function lineEnd(buffer: string, streamOver: boolean): { index: number; length: number } | undefined {
  const cr = buffer.indexOf("\r");
  const lf = buffer.indexOf("\n");
  if (lf !== -1 && (cr === -1 || lf < cr)) return { index: lf, length: 1 };
  if (cr === -1) return undefined;
  if (cr + 1 < buffer.length) return { index: cr, length: buffer[cr + 1] === "\n" ? 2 : 1 };
  return streamOver ? { index: cr, length: 1 } : undefined;
}

/** The value of a `data` field line; undefined for comments and other fields. */
function dataValue(line: string): string | undefined {
  if (line.startsWith(":")) return undefined;
  const colon = line.indexOf(":");
  const field = colon === -1 ? line : line.slice(0, colon);
  if (field !== "data") return undefined;
  if (colon === -1) return "";
  const value = line.slice(colon + 1);
  return value.startsWith(" ") ? value.slice(1) : value;
}
