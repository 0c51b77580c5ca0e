// @vitest-environment node
import { describe, expect, it } from "vitest";
import { splitAtEventBoundaries } from "./eventSizedFetch";

async function split(chunks: string[]): Promise<string[]> {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  const parts: string[] = [];
  for await (const part of source.pipeThrough(splitAtEventBoundaries())) parts.push(decoder.decode(part));
  return parts;
}

describe("splitAtEventBoundaries", () => {
  it("cuts a burst of events into one piece per event, losing nothing", async () => {
    const burst = Array.from({ length: 500 }, (_, index) => `data: {"n":${index}}\n\n`).join("");
    const parts = await split([burst]);
    expect(parts).toHaveLength(500);
    expect(parts.join("")).toBe(burst);
    expect(parts.every((part) => part.endsWith("\n\n") && part.indexOf("\n\n") === part.length - 2)).toBe(true);
  });

  it("passes partial events through as they come, and handles CRLF boundaries", async () => {
    const parts = await split(['data: {"a"', ':1}\r\n\r\ndata: {"b":2}\n', "\ndata: [DONE]\n\n"]);
    expect(parts.join("")).toBe('data: {"a":1}\r\n\r\ndata: {"b":2}\n\ndata: [DONE]\n\n');
    // A boundary split across two chunks stays split: the SDK joins what it is given.
    expect(parts).toEqual(['data: {"a"', ':1}\r\n\r\n', 'data: {"b":2}\n', "\ndata: [DONE]\n\n"]);
  });
});
