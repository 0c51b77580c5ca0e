import { describe, expect, it } from "vitest";
import { estimateGgufTokensPerSecond, ggufLimits, ggufMemoryProblem, ggufThreads } from "./ggufSizing";

const ministral3bQ4KM = 2_147_023_008;
const mistral7bQ4KM = 4_370_000_000;

describe("ggufMemoryProblem", () => {
  it("accepts a 4-bit 3B model (Ministral 3B Q4_K_M)", () => {
    expect(ggufMemoryProblem(ministral3bQ4KM)).toBeUndefined();
  });

  it("refuses a 4-bit 7B model (Mistral 7B Q4_K_M), saying how much it needs and what the engine has", () => {
    const problem = ggufMemoryProblem(mistral7bQ4KM);
    // 4.37 GB of weights + 1 GiB of context + 0.5 GiB of runtime ≈ 5.6 GiB; the engine has 4 GiB.
    expect(problem).toBe("It needs about 5.6 GiB of memory, and the in-browser engine can use at most 4 GiB.");
  });

  it("accepts a file exactly at the limit and refuses one byte more", () => {
    // Below 4 GiB of weights the context reserve is a quarter of the file: 1.25 × file + runtime = memory.
    const largest = Math.floor((ggufLimits.wasmMemoryBytes - ggufLimits.runtimeReserveBytes) / 1.25);
    expect(ggufMemoryProblem(largest)).toBeUndefined();
    expect(ggufMemoryProblem(largest + 1)).toBeDefined();
  });
});

describe("ggufThreads", () => {
  it.each([
    [16, false, 1],
    [undefined, true, 1],
    [1, true, 1],
    // One core is left to the page: two spinning llama.cpp threads starve a 2-core machine.
    [2, true, 1],
    [4, true, 3],
    [8, true, 7],
    [16, true, 8],
  ] as const)("with %s cores, cross-origin isolated %s: %i thread(s)", (cores, isolated, threads) => {
    expect(ggufThreads(cores, isolated)).toBe(threads);
  });
});

describe("estimateGgufTokensPerSecond", () => {
  it("gives a range whose low end is below its high end", () => {
    const { low, high } = estimateGgufTokensPerSecond(ministral3bQ4KM, 1);
    expect(low).toBeGreaterThan(0);
    expect(low).toBeLessThan(high);
  });

  it("halves when the file is twice as large", () => {
    const small = estimateGgufTokensPerSecond(ministral3bQ4KM, 4);
    const large = estimateGgufTokensPerSecond(2 * ministral3bQ4KM, 4);
    expect(large.low).toBeCloseTo(small.low / 2, 10);
    expect(large.high).toBeCloseTo(small.high / 2, 10);
  });

  it("grows with each thread, but by less than one thread's worth", () => {
    const speedWith = (threads: number) => estimateGgufTokensPerSecond(ministral3bQ4KM, threads).high;
    expect(speedWith(2)).toBeGreaterThan(speedWith(1));
    expect(speedWith(4)).toBeGreaterThan(speedWith(2));
    expect(speedWith(2)).toBeLessThan(2 * speedWith(1));
  });
});
