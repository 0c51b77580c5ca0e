/**
 * A stand-in for the Mistral API that streams a scripted reply on an exact schedule, for the
 * streaming benchmarks. It writes the same SSE chunks as the end-to-end suite's fake
 * (e2e/fixtures/fakeMistralProtocol.ts), but paces them differently: the fake waits a timer per
 * token, and Node's timers (1 ms at best, plus their own cost) cap it near 800 tokens/s here, short
 * of the 1,000 tokens/s the issue asks about. Here token i is due at start + i / rate, and every
 * timer tick writes all the tokens that are due, so the average rate is the one set. With no rate
 * it writes as fast as the connection takes them, waiting only when the socket asks to ('drain').
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { chatShape, chunkEvent, DONE_EVENT, modelListBody, newCompletion, usageFor } from "../e2e/fixtures/fakeMistralProtocol";
import { readBody, startLoopbackServer } from "../e2e/fixtures/loopbackServer";

export interface PacedReply {
  tokens: string[];
  /** Tokens per second; undefined: as fast as the connection takes them. */
  rate?: number;
}

/** When the server wrote the first and the last token of a reply (performance.now() in Node). */
export interface SentReply {
  firstTokenAt: number;
  lastTokenAt: number;
  tokens: number;
}

export interface PacedReplyServer {
  url: string;
  apiKey: string;
  /** The reply to the next chat request. */
  enqueue: (reply: PacedReply) => void;
  /** Replies sent so far, in order. */
  sent: SentReply[];
  close: () => Promise<void>;
}

function corsHeaders(request: IncomingMessage): Record<string, string> {
  return { "Access-Control-Allow-Origin": request.headers.origin ?? "*", Vary: "Origin" };
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Writes one SSE event; resolves at once unless the socket's buffer is full, then on 'drain'. */
function write(response: ServerResponse, text: string): Promise<void> {
  if (response.destroyed || response.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}

async function streamReply(response: ServerResponse, reply: PacedReply, model: string, promptTokens: number): Promise<SentReply> {
  const identity = newCompletion(model);
  await write(response, chunkEvent(identity, { delta: { role: "assistant", content: "" }, finishReason: null }));
  const start = performance.now();
  const sent: SentReply = { firstTokenAt: Number.NaN, lastTokenAt: Number.NaN, tokens: reply.tokens.length };
  let next = 0;
  while (next < reply.tokens.length && !response.destroyed) {
    const dueCount = reply.rate === undefined ? next + 1 : Math.min(reply.tokens.length, Math.floor(((performance.now() - start) * reply.rate) / 1000) + 1);
    for (; next < dueCount; next += 1) {
      await write(response, chunkEvent(identity, { delta: { content: reply.tokens[next] }, finishReason: null }));
      if (next === 0) sent.firstTokenAt = performance.now();
    }
    if (next >= reply.tokens.length) break;
    if (reply.rate === undefined) await new Promise((resolve) => setImmediate(resolve));
    else await wait(Math.max(1, start + (next * 1000) / reply.rate - performance.now()));
  }
  sent.lastTokenAt = performance.now();
  await write(response, chunkEvent(identity, { delta: { content: "" }, finishReason: "stop", usage: usageFor(promptTokens, reply.tokens.length) }));
  await write(response, DONE_EVENT);
  response.end();
  return sent;
}

export async function startPacedReplyServer(apiKey = "bench-key"): Promise<PacedReplyServer> {
  const queue: PacedReply[] = [];
  const sent: SentReply[] = [];
  const server = await startLoopbackServer(
    "paced reply server",
    async (request, response) => {
      const cors = corsHeaders(request);
      if (request.method === "OPTIONS") {
        response.writeHead(204, {
          ...cors,
          "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
          "Access-Control-Allow-Headers": request.headers["access-control-request-headers"] ?? "authorization, content-type",
          "Access-Control-Max-Age": "86400",
        });
        response.end();
        return;
      }
      const body = await readBody(request);
      const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
      if (request.headers.authorization !== `Bearer ${apiKey}`) {
        response.writeHead(401, { ...cors, "Content-Type": "application/json" }).end(JSON.stringify({ message: "Unauthorized" }));
      } else if (request.method === "GET" && path === "/v1/models") {
        response.writeHead(200, { ...cors, "Content-Type": "application/json" }).end(JSON.stringify(modelListBody(["mistral-small-latest"])));
      } else if (request.method === "POST" && path === "/v1/chat/completions") {
        const reply = queue.shift();
        if (!reply) throw new Error("a chat request came with no reply queued");
        const shape = chatShape(JSON.parse(body));
        response.writeHead(200, { ...cors, "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache" });
        sent.push(await streamReply(response, reply, shape.model, shape.promptTokens));
      } else {
        response.writeHead(404, { ...cors, "Content-Type": "application/json" }).end(JSON.stringify({ detail: "Not Found" }));
      }
    },
    (response, error) => {
      response.writeHead(500, { "Content-Type": "application/json" }).end(JSON.stringify({ detail: String(error) }));
    },
  );
  return { url: server.url, apiKey, enqueue: (reply) => queue.push(reply), sent, close: server.close };
}
