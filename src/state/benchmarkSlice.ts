import type { StateCreator } from "zustand";
import type { BenchmarkProgress, BenchmarkRun } from "../benchmark/runBenchmark";
import type { EngineKind } from "./localEngineSlice";
import type { AppState, StoreMutators } from "./store";

/** Enough history to compare a few devices and settings, small enough to keep with the chats. */
export const maxBenchmarkRuns = 20;

/** `message` says how the last run ended, for the dialog's live region. */
export type BenchmarkStatus = { status: "idle"; message?: string } | { status: "running"; progress?: BenchmarkProgress } | { status: "failed"; message: string };

export interface BenchmarkSlice {
  isBenchmarkOpen: boolean;
  /** Newest first; persisted. */
  benchmarkRuns: BenchmarkRun[];
  /** The run whose figures are shown; undefined shows the newest. */
  shownBenchmarkRunId?: string;
  benchmark: BenchmarkStatus;
  openBenchmark: () => void;
  /** Closing cancels a run in progress: the chat must get the engines back. */
  closeBenchmark: () => void;
  runBenchmark: (kinds: readonly EngineKind[]) => Promise<void>;
  cancelBenchmark: () => void;
  showBenchmarkRun: (id: string) => void;
  deleteBenchmarkRun: (id: string) => void;
}

/** Adds the newest run in front and drops the oldest beyond the cap. */
export function withBenchmarkRun(runs: readonly BenchmarkRun[], run: BenchmarkRun): BenchmarkRun[] {
  return [run, ...runs].slice(0, maxBenchmarkRuns);
}

let running: AbortController | undefined;

export const createBenchmarkSlice: StateCreator<AppState, StoreMutators, [], BenchmarkSlice> = (set, get) => ({
  isBenchmarkOpen: false,
  benchmarkRuns: [],
  shownBenchmarkRunId: undefined,
  benchmark: { status: "idle" },
  openBenchmark: () => set({ isBenchmarkOpen: true }),
  closeBenchmark: () => {
    running?.abort();
    set({ isBenchmarkOpen: false });
  },

  runBenchmark: async (kinds) => {
    // A reply being written holds the engine: measuring now would measure the two of them.
    if (running || get().isGenerating) return;
    const controller = new AbortController();
    running = controller;
    set({ benchmark: { status: "running" } });
    try {
      // The runner and the engines' code load only when a benchmark runs (first screen stays light).
      const { runBenchmarkOn, describeRunEnd } = await import("../benchmark/benchmarkTargets");
      const run = await runBenchmarkOn(kinds, { get, set }, controller.signal, (progress) => {
        if (running === controller) set({ benchmark: { status: "running", progress } });
      });
      if (run.targets.length > 0) set((state) => ({ benchmarkRuns: withBenchmarkRun(state.benchmarkRuns, run), shownBenchmarkRunId: run.id }));
      set({ benchmark: { status: "idle", message: describeRunEnd(run) } });
    } catch (thrown) {
      // Engine failures are recorded per target; only the runner's own code failing to load lands here.
      set({ benchmark: { status: "failed", message: thrown instanceof Error ? thrown.message : "The benchmark could not start." } });
    } finally {
      if (running === controller) running = undefined;
    }
  },

  cancelBenchmark: () => running?.abort(),
  showBenchmarkRun: (shownBenchmarkRunId) => set({ shownBenchmarkRunId }),
  deleteBenchmarkRun: (id) =>
    set((state) => ({
      benchmarkRuns: state.benchmarkRuns.filter((run) => run.id !== id),
      shownBenchmarkRunId: state.shownBenchmarkRunId === id ? undefined : state.shownBenchmarkRunId,
    })),
});
