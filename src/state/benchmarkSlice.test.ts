import { beforeEach, describe, expect, it, vi } from "vitest";
import type * as BenchmarkTargetsModule from "../benchmark/benchmarkTargets";
import type { BenchmarkRun } from "../benchmark/runBenchmark";

/** The runner, scripted: each call returns the next run (what the engines measured is tested elsewhere). */
let nextRun: () => BenchmarkRun;
const runnerCalls: string[][] = [];
vi.mock("../benchmark/benchmarkTargets", async (importOriginal) => ({
  describeRunEnd: (await importOriginal<typeof BenchmarkTargetsModule>()).describeRunEnd,
  runBenchmarkOn: async (kinds: string[]) => {
    runnerCalls.push([...kinds]);
    return nextRun();
  },
}));

const { useAppStore, partializeState } = await import("./store");
const { maxBenchmarkRuns, withBenchmarkRun } = await import("./benchmarkSlice");
const { sanitizePersistedState } = await import("./sanitizePersistedState");

let counter = 0;
function makeRun(overrides: Partial<BenchmarkRun> = {}): BenchmarkRun {
  counter += 1;
  return {
    id: `run-${counter}`,
    startedAt: counter,
    finishedAt: counter + 1,
    cancelled: false,
    targets: [{ kind: "mistral-api", label: "Mistral API", model: "m", prompts: [{ promptId: "fact", totalMs: 5, completionTokens: 2, completionTokensEstimated: false, prefillEstimated: false }] }],
    ...overrides,
  };
}

beforeEach(() => {
  useAppStore.setState({ benchmarkRuns: [], shownBenchmarkRunId: undefined, benchmark: { status: "idle" }, isGenerating: false, isBenchmarkOpen: false });
  runnerCalls.length = 0;
  nextRun = () => makeRun();
});

describe("benchmark slice", () => {
  it("keeps the newest 20 runs, newest first", () => {
    let runs: BenchmarkRun[] = [];
    const made = Array.from({ length: 25 }, () => makeRun());
    for (const run of made) runs = withBenchmarkRun(runs, run);
    expect(maxBenchmarkRuns).toBe(20);
    expect(runs.map((run) => run.id)).toEqual(made.slice(5).reverse().map((run) => run.id));
  });

  it("adds each finished run to the store, capped, shows it, and says how it went", async () => {
    for (let index = 0; index < 21; index++) await useAppStore.getState().runBenchmark(["mistral-api"]);
    const { benchmarkRuns, shownBenchmarkRunId, benchmark } = useAppStore.getState();
    expect(benchmarkRuns).toHaveLength(20);
    expect(shownBenchmarkRunId).toBe(benchmarkRuns[0].id);
    expect(benchmark).toEqual({ status: "idle", message: "Finished: 1 of 1 engine measured." });
    expect(runnerCalls[0]).toEqual(["mistral-api"]);
    // Persisted with the rest of the state.
    expect(partializeState(useAppStore.getState()).benchmarkRuns).toBe(benchmarkRuns);
  });

  it("does not run while a chat reply is being written", async () => {
    useAppStore.setState({ isGenerating: true });
    await useAppStore.getState().runBenchmark(["mistral-api"]);
    expect(runnerCalls).toEqual([]);
    expect(useAppStore.getState().benchmarkRuns).toEqual([]);
  });

  it("keeps nothing from a run cancelled before anything finished", async () => {
    nextRun = () => makeRun({ cancelled: true, targets: [] });
    await useAppStore.getState().runBenchmark(["mistral-api"]);
    expect(useAppStore.getState().benchmarkRuns).toEqual([]);
    expect(useAppStore.getState().benchmark).toEqual({ status: "idle", message: "Cancelled before anything finished." });
  });

  it("deletes a run; deleting the one shown shows the newest again", () => {
    const [older, newer] = [makeRun(), makeRun()];
    useAppStore.setState({ benchmarkRuns: [newer, older] });
    useAppStore.getState().showBenchmarkRun(older.id);
    expect(useAppStore.getState().shownBenchmarkRunId).toBe(older.id);
    useAppStore.getState().deleteBenchmarkRun(older.id);
    expect(useAppStore.getState().benchmarkRuns).toEqual([newer]);
    expect(useAppStore.getState().shownBenchmarkRunId).toBeUndefined();
  });
});

describe("stored benchmark runs", () => {
  it("are read back run by run: a damaged run is left out and reported, the others kept", () => {
    const good = makeRun({ targets: [{ ...makeRun().targets[0], gpuCeiling: { status: "known", gpu: "Apple M2", bandwidthGBps: 100, weightBytes: 4e9, tokensPerSecond: 25 } }] });
    const damaged = { ...makeRun(), targets: [{ kind: "quantum", label: 1 }] };
    const { state, problems } = sanitizePersistedState({ benchmarkRuns: [good, damaged, "nonsense"] });
    expect(state.benchmarkRuns).toEqual([good]);
    expect(problems).toEqual(["Some saved benchmark results could not be read and were left out."]);
  });

  it("drop fields they should not have, and a list that is not a list", () => {
    const run = makeRun();
    expect(sanitizePersistedState({ benchmarkRuns: [{ ...run, extra: "<script>" }] }).state.benchmarkRuns).toEqual([run]);
    expect(sanitizePersistedState({ benchmarkRuns: { 0: run } })).toEqual({ state: { benchmarkRuns: [] }, problems: ["Some saved benchmark results could not be read and were left out."] });
    expect(sanitizePersistedState({})).toEqual({ state: {}, problems: [] });
  });
});
