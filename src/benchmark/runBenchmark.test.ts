import { describe, expect, it } from "vitest";
import { EngineError } from "../engines/engineError";
import type { ChatChunk, ChatEngine, ChatRequest, Usage } from "../engines/types";
import type { BenchmarkPrompt } from "./benchmarkPrompts";
import { benchmarkPrompts } from "./benchmarkPrompts";
import type { BenchmarkProgress, BenchmarkTarget } from "./runBenchmark";
import { measurementFrom, median, runBenchmark, summarizeTarget } from "./runBenchmark";

/** A clock the scripted engines move forward: every figure below is exact. */
function fakeClock() {
  let time = 1000;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

type Step = { wait: number } | ChatChunk | { throws: EngineError };

/** An engine that plays `steps` for every request, moving the clock as it goes, and honours aborts. */
function scriptedEngine(clock: ReturnType<typeof fakeClock>, steps: (request: ChatRequest, call: number) => Step[], requests: ChatRequest[] = []): ChatEngine {
  let call = 0;
  return {
    async *streamChat(request, signal) {
      requests.push(request);
      for (const step of steps(request, call++)) {
        await Promise.resolve();
        if (signal.aborted) throw new EngineError("ABORTED");
        if ("wait" in step) clock.advance(step.wait);
        else if ("throws" in step) throw step.throws;
        else yield step;
      }
    },
  };
}

const usage = (fields: Partial<Usage>): ChatChunk => ({ type: "usage", usage: { promptTokens: 20, completionTokens: 5, totalTokens: 25, ...fields } });
const delta = (text: string): ChatChunk => ({ type: "delta", text });
const finish: ChatChunk = { type: "finish", reason: "stop" };

function target(kind: BenchmarkTarget["kind"], engine: ChatEngine, overrides: Partial<BenchmarkTarget> = {}): BenchmarkTarget {
  return { kind, label: kind, model: `${kind}-model`, prepare: async () => ({ engine, model: `${kind}-model` }), ...overrides };
}

describe("measurementFrom", () => {
  it("uses the engine's counts and speeds when it reports them", () => {
    const measurement = measurementFrom("p", {
      startedAt: 0,
      firstDeltaAt: 200,
      lastDeltaAt: 1200,
      endedAt: 1250,
      characters: 40,
      usage: { promptTokens: 20, completionTokens: 11, totalTokens: 31, decodeTokensPerSecond: 42, prefillTokensPerSecond: 300 },
      finishReason: "length",
    });
    expect(measurement).toEqual({
      promptId: "p",
      timeToFirstTokenMs: 200,
      totalMs: 1250,
      completionTokens: 11,
      completionTokensEstimated: false,
      promptTokens: 20,
      decodeTokensPerSecond: 42,
      decodeMeasuredBy: "engine",
      prefillTokensPerSecond: 300,
      prefillEstimated: false,
      finishReason: "length",
    });
  });

  it("without usage estimates tokens from characters and times decode in the page", () => {
    // 41 characters → 11 tokens; 10 tokens after the first in 2 s.
    const measurement = measurementFrom("p", { startedAt: 0, firstDeltaAt: 500, lastDeltaAt: 2500, endedAt: 2600, characters: 41 });
    expect(measurement).toMatchObject({ completionTokens: 11, completionTokensEstimated: true, decodeTokensPerSecond: 5, decodeMeasuredBy: "page" });
    // No prompt token count, so no prefill estimate either.
    expect(measurement.prefillTokensPerSecond).toBeUndefined();
  });

  it("estimates prefill as prompt tokens ÷ time to first token, marked as an estimate", () => {
    const measurement = measurementFrom("p", { startedAt: 0, firstDeltaAt: 250, lastDeltaAt: 250, endedAt: 300, characters: 4, usage: { promptTokens: 50, completionTokens: 1, totalTokens: 51 } });
    expect(measurement).toMatchObject({ prefillTokensPerSecond: 200, prefillEstimated: true });
    // One token: nothing to time decode with.
    expect(measurement.decodeTokensPerSecond).toBeUndefined();
  });

  it("treats a usage of zero completion tokens for a reply with text as unreported", () => {
    const measurement = measurementFrom("p", { startedAt: 0, firstDeltaAt: 10, lastDeltaAt: 110, endedAt: 120, characters: 8, usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 } });
    expect(measurement).toMatchObject({ completionTokens: 2, completionTokensEstimated: true, decodeTokensPerSecond: 10 });
    expect(measurement.promptTokens).toBeUndefined();
  });
});

describe("runBenchmark", () => {
  it("sends each prompt alone at temperature 0 and times it with the page's clock", async () => {
    const clock = fakeClock();
    const requests: ChatRequest[] = [];
    // 300 ms to the first token, then 4 tokens 100 ms apart; usage without speeds.
    const engine = scriptedEngine(clock, () => [{ wait: 300 }, delta("ab"), { wait: 100 }, delta("cd"), { wait: 100 }, delta("ef"), { wait: 100 }, delta("gh"), { wait: 50 }, usage({ completionTokens: 4 }), finish], requests);
    const progress: BenchmarkProgress[] = [];
    const run = await runBenchmark({ targets: [target("mistral-api", engine)], signal: new AbortController().signal, now: clock.now, date: () => 5, onProgress: (step) => progress.push(step) });

    expect(requests).toHaveLength(3);
    expect(requests.map((request) => request.messages)).toEqual(benchmarkPrompts.map((prompt) => [{ role: "user", content: prompt.text }]));
    expect(requests[0].sampling).toEqual({ temperature: 0, topP: 1, maxTokens: 128 });
    expect(progress.map((step) => step.promptIndex)).toEqual([undefined, 0, 1, 2]);
    expect(run).toMatchObject({ startedAt: 5, finishedAt: 5, cancelled: false });
    const [result] = run.targets;
    expect(result.prompts).toHaveLength(3);
    expect(result.prompts[0]).toMatchObject({ timeToFirstTokenMs: 300, totalMs: 650, completionTokens: 4, completionTokensEstimated: false, decodeMeasuredBy: "page", prefillEstimated: true });
    // 3 tokens after the first, in 300 ms; 20 prompt tokens in 300 ms.
    expect(result.prompts[0].decodeTokensPerSecond).toBeCloseTo(10);
    expect(result.prompts[0].prefillTokensPerSecond).toBeCloseTo(66.67, 1);
    expect(summarizeTarget(result)).toMatchObject({ timeToFirstTokenMs: 300, totalMs: 650, prefillEstimated: true, decodeEstimated: false });
  });

  it("prefers speeds the engine measured itself, and marks estimated token counts", async () => {
    const clock = fakeClock();
    const local = scriptedEngine(clock, () => [{ wait: 100 }, delta("x"), { wait: 100 }, delta("y"), usage({ completionTokens: 2, decodeTokensPerSecond: 33, prefillTokensPerSecond: 900 }), finish]);
    const server = scriptedEngine(clock, () => [{ wait: 100 }, delta("abcd"), { wait: 500 }, delta("efgh"), finish]);
    const run = await runBenchmark({ targets: [target("local", local), target("self-hosted", server)], signal: new AbortController().signal, now: clock.now });
    expect(summarizeTarget(run.targets[0])).toMatchObject({ decodeTokensPerSecond: 33, prefillTokensPerSecond: 900, prefillEstimated: false, decodeEstimated: false });
    expect(summarizeTarget(run.targets[1])).toMatchObject({ decodeTokensPerSecond: 2, decodeEstimated: true });
    expect(run.targets[1].prompts[0]).toMatchObject({ completionTokens: 2, completionTokensEstimated: true });
  });

  it("records a failing target's error and goes on with the next one", async () => {
    const clock = fakeClock();
    const failing = scriptedEngine(clock, (_request, call) => (call === 1 ? [{ throws: new EngineError("RATE_LIMITED") }] : [{ wait: 10 }, delta("ok"), finish]));
    const good = scriptedEngine(clock, () => [{ wait: 10 }, delta("ok"), finish]);
    const broken: BenchmarkTarget = target("self-hosted", good, { prepare: async () => Promise.reject(new EngineError("NETWORK")) });
    const run = await runBenchmark({ targets: [target("mistral-api", failing), broken, target("gguf", good)], signal: new AbortController().signal, now: clock.now });

    expect(run.cancelled).toBe(false);
    expect(run.targets.map((result) => result.prompts.length)).toEqual([1, 0, 3]);
    expect(run.targets[0]).toMatchObject({ error: new EngineError("RATE_LIMITED").message, failedPromptId: benchmarkPrompts[1].id });
    expect(run.targets[1]).toMatchObject({ error: new EngineError("NETWORK").message, model: "self-hosted-model" });
    expect(run.targets[1].failedPromptId).toBeUndefined();
    expect(run.targets[2].error).toBeUndefined();
  });

  it("stops at once when cancelled, keeping what finished and marking the run cancelled", async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    const engine = scriptedEngine(clock, (_request, call) => {
      if (call === 1) controller.abort();
      return [{ wait: 10 }, delta("ok"), finish];
    });
    const later = scriptedEngine(clock, () => [delta("never")]);
    const requests: ChatRequest[] = [];
    const spy: ChatEngine = { streamChat: (request, signal) => (requests.push(request), later.streamChat(request, signal)) };
    const run = await runBenchmark({ targets: [target("mistral-api", engine), target("local", spy)], signal: controller.signal, now: clock.now });

    expect(run.cancelled).toBe(true);
    expect(run.targets).toHaveLength(1);
    expect(run.targets[0].prompts).toHaveLength(1);
    // Cancelling is the person's choice, not an engine failure.
    expect(run.targets[0].error).toBeUndefined();
    expect(requests).toEqual([]);
  });

  it("works out the GPU ceiling for a target that has one, with the model that ran", async () => {
    const clock = fakeClock();
    const engine = scriptedEngine(clock, () => [{ wait: 10 }, delta("ok"), finish]);
    const prompts: BenchmarkPrompt[] = [{ id: "only", label: "Only", text: "Hi" }];
    const seen: string[] = [];
    const local = target("local", engine, {
      prepare: async () => ({ engine, model: "loaded-id" }),
      gpuCeiling: (model) => (seen.push(model), { status: "unknown", reason: "unnamed" }),
    });
    const run = await runBenchmark({ targets: [local], prompts, signal: new AbortController().signal, now: clock.now });
    expect(seen).toEqual(["loaded-id"]);
    expect(run.targets[0]).toMatchObject({ model: "loaded-id", gpuCeiling: { status: "unknown", reason: "unnamed" } });
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([])).toBeUndefined();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
