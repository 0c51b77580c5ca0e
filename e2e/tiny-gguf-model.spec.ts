import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { tinyModelReply, writeTinyGgufModel } from "./fixtures/tinyGgufModel";
import { startWllamaTestServer } from "./fixtures/wllamaTestPage";
import type { WllamaTestServer, WllamaTestWindow } from "./fixtures/wllamaTestPage";

/**
 * The generated test model, run by the real engine (llama.cpp in WebAssembly through wllama) in
 * Chromium, on the CPU: it must stream exactly the sentence its weights were built to say and
 * stop by itself. The later GGUF engine's tests rely on this.
 */

interface ReplyRun {
  pieces: string[];
  finishReason: string | null;
  tokensPerSecond: number | null;
}

interface EngineRun {
  progress: { loaded: number; total: number }[];
  loadMs: number;
  replies: ReplyRun[];
}

/** A missing permission (e.g. CSP worker-src) makes loading hang without an error. */
const LOAD_TIMEOUT_MS = 20_000;

let directory = "";
let server: WllamaTestServer | undefined;
let modelBytes = 0;

test.beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "tiny-gguf-e2e-"));
  const modelPath = join(directory, "tiny.gguf");
  await writeTinyGgufModel(modelPath);
  modelBytes = (await stat(modelPath)).size;
  server = await startWllamaTestServer(modelPath);
});

test.afterAll(async () => {
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

/** Loads the model once in the page, then streams a greedy chat reply to each prompt in turn. */
async function runTinyModel(page: Page, prompts: string[]): Promise<EngineRun> {
  if (server === undefined) throw new Error("the wllama test server did not start");
  await page.goto(server.pageUrl);
  await page.waitForFunction(() => "wllama" in window);
  const { wasmUrl, modelUrl } = server;
  return page.evaluate(
    async ({ wasmUrl, modelUrl, prompts, loadTimeoutMs }) => {
      const { Wllama } = (window as unknown as WllamaTestWindow).wllama;
      const engine = new Wllama({ default: wasmUrl }, { suppressNativeLog: true });
      // Never the CDN "compat" build: this Chromium has JSPI and Memory64, and nothing may leave
      // the machine.
      engine.setCompat(null);
      const progress: EngineRun["progress"] = [];
      const started = performance.now();
      let timer = 0;
      await Promise.race([
        engine.loadModelFromUrl(modelUrl, {
          n_threads: 1,
          n_gpu_layers: 0, // CPU: SwiftShader's WebGPU has no shader-f16
          n_ctx: 512,
          useCache: false,
          progressCallback: ({ loaded, total }) => progress.push({ loaded, total }),
        }),
        new Promise<never>((_, reject) => {
          timer = window.setTimeout(() => reject(new Error(`model not loaded after ${loadTimeoutMs} ms`)), loadTimeoutMs);
        }),
      ]).finally(() => window.clearTimeout(timer));
      const loadMs = performance.now() - started;

      const replies: ReplyRun[] = [];
      for (const prompt of prompts) {
        const stream = await engine.createChatCompletion({
          messages: [{ role: "user", content: prompt }],
          stream: true,
          temperature: 0,
          // Far above the sentence's length: "stop" (not "length") then means the model ended it.
          max_tokens: 32,
          timings_per_token: true,
        });
        const reply: ReplyRun = { pieces: [], finishReason: null, tokensPerSecond: null };
        for await (const chunk of stream) {
          const choice = chunk.choices[0];
          const content = choice?.delta.content;
          if (content) reply.pieces.push(content);
          if (choice?.finish_reason) reply.finishReason = choice.finish_reason;
          if (chunk.timings) reply.tokensPerSecond = chunk.timings.predicted_per_second;
        }
        replies.push(reply);
      }
      await engine.exit();
      return { progress, loadMs, replies };
    },
    { wasmUrl, modelUrl, prompts, loadTimeoutMs: LOAD_TIMEOUT_MS },
  );
}

test.describe("tiny GGUF test model in the real engine", () => {
  test("streams the built-in sentence and stops by itself", async ({ page }) => {
    const run = await runTinyModel(page, ["Anything at all"]);

    expect(run.progress.length).toBeGreaterThan(0);
    expect(run.progress.at(-1)).toEqual({ loaded: modelBytes, total: modelBytes });
    const [reply] = run.replies;
    expect(reply?.pieces.join("")).toBe(tinyModelReply);
    expect(reply?.pieces.length).toBeGreaterThan(1);
    expect(reply?.finishReason).toBe("stop");
    console.log(
      `tiny model: ${modelBytes} bytes, loaded in ${Math.round(run.loadMs)} ms, ` +
        `${reply?.pieces.length} pieces at ${Math.round(reply?.tokensPerSecond ?? 0)} tokens/s`,
    );
  });

  test("says the same sentence whatever it is asked", async ({ page }) => {
    const prompts = ["Quelle heure est-il ? 🙂", "Write a poem about the sea.\nmodel. tiny a from Hello"];
    const run = await runTinyModel(page, prompts);

    expect(run.replies.map((reply) => reply.pieces.join(""))).toEqual([tinyModelReply, tinyModelReply]);
    expect(run.replies.map((reply) => reply.finishReason)).toEqual(["stop", "stop"]);
  });
});
