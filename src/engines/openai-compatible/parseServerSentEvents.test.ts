import { describe, expect, it } from "vitest";
import { parseServerSentEvents } from "./parseServerSentEvents";

const encoder = new TextEncoder();

/** A body delivered in exactly these network chunks. */
function bodyOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function payloads(chunks: (string | Uint8Array)[]): Promise<string[]> {
  const out: string[] = [];
  for await (const data of parseServerSentEvents(bodyOf(chunks))) out.push(data);
  return out;
}

/** Every way of cutting `text`'s bytes into two chunks, so no boundary goes untested. */
function allSplits(text: string): Uint8Array[][] {
  const bytes = encoder.encode(text);
  return Array.from({ length: bytes.length + 1 }, (_, i) => [bytes.slice(0, i), bytes.slice(i)]);
}

const stream = [
  ": keep-alive",
  'data: {"a":1}',
  "",
  'data: {"b":"é 🙂"}',
  "",
  "event: ignored",
  "id: 7",
  "retry: 10",
  "data: [DONE]",
  "",
  "",
].join("\r\n");

describe("parseServerSentEvents", () => {
  it("yields data payloads, skipping comments and other fields", async () => {
    expect(await payloads([stream])).toEqual(['{"a":1}', '{"b":"é 🙂"}', "[DONE]"]);
  });

  it("gives the same payloads however the body is split into two chunks", async () => {
    for (const split of allSplits(stream)) {
      expect(await payloads(split), `split at byte ${split[0]?.length}`).toEqual(['{"a":1}', '{"b":"é 🙂"}', "[DONE]"]);
    }
  });

  it("gives the same payloads when every byte arrives alone, multi-byte characters included", async () => {
    const bytes = encoder.encode(stream);
    const single = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect(await payloads(single)).toEqual(['{"a":1}', '{"b":"é 🙂"}', "[DONE]"]);
  });

  it("accepts LF, CRLF and lone CR line endings, mixed", async () => {
    expect(await payloads(["data: 1\n\ndata: 2\r\rdata: 3\r\n\r\ndata: 4\n\r\n"])).toEqual(["1", "2", "3", "4"]);
  });

  it("treats a CR at the end of a chunk as half of a CRLF, not as a blank line", async () => {
    // Were the CR taken as a line end, the LF after it would end the event early and "x" would
    // come out as its own event.
    expect(await payloads(["data: w\r", "\ndata: x\r", "\n\r", "\n"])).toEqual(["w\nx"]);
  });

  it("joins several data lines of one event with newlines and strips only one leading space", async () => {
    expect(await payloads(["data:  two spaces\ndata:none\ndata\n\n"])).toEqual([" two spaces\nnone\n"]);
  });

  it("keeps a final event that lacks its blank line, but drops a half-received line", async () => {
    expect(await payloads(["data: [DONE]\n"])).toEqual(["[DONE]"]);
    expect(await payloads(['data: {"a":1}\n\ndata: {"b":'])).toEqual(['{"a":1}']);
  });

  it("ignores events made only of comments or unknown fields", async () => {
    expect(await payloads([": ping\n\nevent: x\n\n\n\n"])).toEqual([]);
  });

  it("cancels the body when the consumer stops early", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(encoder.encode("data: tick\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const data of parseServerSentEvents(body)) {
      expect(data).toBe("tick");
      break;
    }
    expect(cancelled).toBe(true);
    expect(body.locked).toBe(false);
  });

  it("passes on an error of the body", async () => {
    let pulls = 0;
    // Erroring in start() would discard the queued chunk, so the error comes on the next pull.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls === 1) controller.enqueue(encoder.encode("data: first\n\n"));
        else controller.error(new TypeError("network error"));
      },
    });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const data of parseServerSentEvents(body)) seen.push(data);
      })(),
    ).rejects.toThrow("network error");
    expect(seen).toEqual(["first"]);
  });
});
