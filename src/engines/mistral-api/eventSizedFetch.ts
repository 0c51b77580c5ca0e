/**
 * The Mistral SDK's event-stream reader copies its whole remaining buffer after every event it
 * takes out (`buffer.slice(end)`), so when many events arrive in one network chunk — a fast
 * server, or a reply that was held up and then flushed — its cost grows with the square of the
 * burst: 4,000 events at once blocked the page for over a second. Handing it the body cut at
 * event boundaries keeps its buffer one event long, whatever the network delivers.
 */

const lineFeed = 0x0a;
const carriageReturn = 0x0d;

/** Where each event ends in `bytes` (just after its blank line: "\n\n" or "\r\n\r\n"). */
function eventEnds(bytes: Uint8Array): number[] {
  const ends: number[] = [];
  for (let index = 0; index < bytes.length; index += 1) {
    if (bytes[index] !== lineFeed) continue;
    if (bytes[index + 1] === lineFeed) ends.push(index + 2);
    else if (bytes[index + 1] === carriageReturn && bytes[index + 2] === lineFeed) ends.push(index + 3);
  }
  return ends;
}

/** Splits each chunk after every event boundary it contains; views, not copies. */
export function splitAtEventBoundaries(): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      let start = 0;
      for (const end of eventEnds(chunk)) {
        controller.enqueue(chunk.subarray(start, end));
        start = end;
      }
      if (start < chunk.length) controller.enqueue(chunk.subarray(start));
    },
  });
}

/** `fetch`, with event-stream bodies cut at event boundaries (see above); other responses as they are. */
export async function eventSizedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  if (!response.body || !response.headers.get("content-type")?.includes("text/event-stream")) return response;
  return new Response(response.body.pipeThrough(splitAtEventBoundaries()), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
