import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BenchmarkResults } from "./BenchmarkResults";
import type { BenchmarkRun, PromptMeasurement } from "./runBenchmark";

const prompt = (promptId: string, decode: number, fields: Partial<PromptMeasurement> = {}): PromptMeasurement => ({
  promptId,
  timeToFirstTokenMs: 400,
  totalMs: 3000,
  completionTokens: 100,
  completionTokensEstimated: false,
  decodeTokensPerSecond: decode,
  decodeMeasuredBy: "engine",
  prefillTokensPerSecond: 500,
  prefillEstimated: false,
  ...fields,
});

const run: BenchmarkRun = {
  id: "r",
  startedAt: 0,
  finishedAt: 1,
  cancelled: false,
  targets: [
    {
      kind: "local",
      label: "This device's GPU",
      model: "Mistral-7B-Instruct-v0.3-q4f16_1-MLC",
      prompts: [prompt("fact", 8), prompt("explain", 10), prompt("code", 12)],
      gpuCeiling: { status: "known", gpu: "Apple M2", bandwidthGBps: 100, weightBytes: 4e9, tokensPerSecond: 25 },
    },
    {
      kind: "self-hosted",
      label: "Your server",
      model: "mistral",
      prompts: [prompt("fact", 30, { decodeMeasuredBy: "page", completionTokensEstimated: true, prefillEstimated: true, prefillTokensPerSecond: 45 })],
      error: "Could not reach the server.",
      failedPromptId: "explain",
    },
    { kind: "gguf", label: "This device's CPU", model: "tiny", prompts: [], error: "No GGUF model is chosen yet." },
  ],
};

describe("BenchmarkResults", () => {
  it("shows each engine's medians, estimates marked, the GPU's best, failures, and charts", () => {
    render(<BenchmarkResults run={run} />);
    const cells = (name: RegExp) => within(screen.getByRole("row", { name })).getAllByRole("cell").map((cell) => cell.textContent);
    expect(cells(/^This device's GPU/)).toEqual(["Mistral 7B Instruct v0.3 (q4f16_1)", "400 ms", "500", "10.0 (40% of this GPU's best)", "3.00 s"]);
    expect(cells(/^Your server mistral/)).toEqual(["mistral", "400 ms", "≈ 45.0", "30.0*", "3.00 s"]);
    expect(screen.getByText(/Your server stopped at the explanation \(~150 words\): Could not reach the server\./)).toBeTruthy();
    expect(screen.getByText(/This device's CPU stopped before the first prompt: No GGUF model is chosen yet\./)).toBeTruthy();
    expect(screen.getByText(/the best an Apple M2 could reach is about 25\.0 tokens\/s \(100 GB\/s .* 3\.7 GiB of weights read per token\)\. This run decoded 10\.0 tokens\/s, 40% of that\./)).toBeTruthy();
    expect(screen.getByRole("img", { name: "Decode speed, tokens/s (higher is faster). This device's GPU: 10.0 tokens/s; Your server: 30.0 tokens/s; This device's CPU: not measured." })).toBeTruthy();
    expect(screen.getByRole("img", { name: /^Time to first token \(lower is faster\)\. This device's GPU: 400 ms;/ })).toBeTruthy();
  });

  it("says when the GPU's best is unknown", () => {
    const unknown: BenchmarkRun = { ...run, targets: [{ ...run.targets[0], gpuCeiling: { status: "unknown", reason: "the best this GPU could reach is unknown: the browser does not name it" } }] };
    render(<BenchmarkResults run={unknown} />);
    expect(screen.getByText("This device's GPU: the best this GPU could reach is unknown: the browser does not name it.")).toBeTruthy();
    expect(within(screen.getByRole("row", { name: /^This device's GPU/ })).getAllByRole("cell")[3].textContent).toBe("10.0");
  });
});
