import { useEffect, useId, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import type { EngineKind } from "../state/localEngineSlice";
import { useAppStore } from "../state/store";
import { useModalDialog } from "../ui/useModalDialog";
import { benchmarkPrompts, benchmarkSampling } from "./benchmarkPrompts";
import { downloadBenchmarkRuns } from "./benchmarkExport";
import type { BenchmarkTargetOption } from "./benchmarkTargets";
import { listBenchmarkTargets, selectBenchmarkTargetInputs } from "./benchmarkTargets";
import { BenchmarkResults, formatRunDate } from "./BenchmarkResults";
import type { BenchmarkStatus } from "../state/benchmarkSlice";
import "./benchmark.css";

function statusText(benchmark: BenchmarkStatus): string {
  if (benchmark.status === "failed") return benchmark.message;
  if (benchmark.status === "idle") return benchmark.message ?? "";
  const progress = benchmark.progress;
  if (!progress) return "Starting…";
  const engine = progress.targetCount > 1 ? ` (engine ${progress.targetIndex + 1} of ${progress.targetCount})` : "";
  if (progress.promptIndex === undefined) return `${progress.targetLabel} — getting ready${engine}`;
  return `${progress.targetLabel} — prompt ${progress.promptIndex + 1} of ${progress.promptCount}${engine}`;
}

/** Engines to run: every available one is ticked until the person unticks it. */
function TargetPicker({ options, unticked, onToggle, disabled }: { options: BenchmarkTargetOption[]; unticked: ReadonlySet<EngineKind>; onToggle: (kind: EngineKind) => void; disabled: boolean }) {
  const available = options.filter((option) => option.unavailable === undefined);
  const unavailable = options.filter((option) => option.unavailable !== undefined);
  return (
    <fieldset className="benchmark-targets" disabled={disabled}>
      <legend>Engines to measure</legend>
      {available.length === 0 && <p className="help">No engine is set up yet: set one up in Settings first.</p>}
      {available.map((option) => (
        <label key={option.kind} className="checkbox">
          <input type="checkbox" checked={!unticked.has(option.kind)} onChange={() => onToggle(option.kind)} />
          {option.label} <span className="muted">— {option.model}</span>
        </label>
      ))}
      {unavailable.length > 0 && (
        <ul className="benchmark-unavailable help" aria-label="Engines not set up">
          {unavailable.map((option) => (
            <li key={option.kind}>
              {option.label}: {option.unavailable}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

function KeptRuns() {
  const runs = useAppStore((state) => state.benchmarkRuns);
  const shownId = useAppStore((state) => state.shownBenchmarkRunId ?? state.benchmarkRuns[0]?.id);
  const show = useAppStore((state) => state.showBenchmarkRun);
  const remove = useAppStore((state) => state.deleteBenchmarkRun);
  const running = useAppStore((state) => state.benchmark.status === "running");
  const headingId = useId();
  if (runs.length === 0) return null;
  return (
    <section className="benchmark-history" aria-labelledby={headingId}>
      <h3 id={headingId}>Kept runs</h3>
      <ul>
        {runs.map((run) => {
          const date = formatRunDate(run.startedAt);
          return (
            <li key={run.id}>
              <span className="benchmark-history-text">
                {date} · {run.targets.map((target) => target.label).join(", ")}
                {run.cancelled && " · cancelled"}
              </span>
              <button type="button" className="button button-quiet" aria-pressed={run.id === shownId} aria-label={`Show the run of ${date}`} onClick={() => show(run.id)}>
                Show
              </button>
              <button type="button" className="button button-quiet" aria-label={`Delete the run of ${date}`} disabled={running} onClick={() => remove(run.id)}>
                Delete
              </button>
            </li>
          );
        })}
      </ul>
      <div className="benchmark-export">
        <button type="button" className="button" onClick={() => downloadBenchmarkRuns("json", runs)}>
          Export JSON
        </button>
        <button type="button" className="button" onClick={() => downloadBenchmarkRuns("csv", runs)}>
          Export CSV
        </button>
      </div>
    </section>
  );
}

/**
 * The benchmark view: the same prompts on every engine the person has set up, one after another,
 * with the figures side by side. Lazy-loaded by App on first open; it stays mounted afterwards so
 * the native dialog can close itself (and give focus back) like the Settings dialog does.
 */
export function BenchmarkDialog() {
  const titleId = useId();
  const isOpen = useAppStore((state) => state.isBenchmarkOpen);
  const close = useAppStore((state) => state.closeBenchmark);
  const benchmark = useAppStore((state) => state.benchmark);
  const isGenerating = useAppStore((state) => state.isGenerating);
  const options = listBenchmarkTargets(useAppStore(useShallow(selectBenchmarkTargetInputs)));
  const shownRun = useAppStore((state) => state.benchmarkRuns.find((run) => run.id === state.shownBenchmarkRunId) ?? state.benchmarkRuns[0]);
  const [unticked, setUnticked] = useState<ReadonlySet<EngineKind>>(new Set());
  const dialogRef = useModalDialog(isOpen, (dialog) => dialog.querySelector<HTMLElement>("[data-autofocus]:not(:disabled)")?.focus());
  const running = benchmark.status === "running";

  useEffect(() => {
    if (!isOpen) return;
    // Whether a local model is downloaded, and the GGUF model's name, are read from storage.
    const { refreshModelCache, refreshGgufModels } = useAppStore.getState();
    void refreshModelCache().catch(() => undefined);
    void refreshGgufModels();
  }, [isOpen]);

  const targets = options.filter((option) => option.unavailable === undefined && !unticked.has(option.kind)).map((option) => option.kind);
  const toggle = (kind: EngineKind) =>
    setUnticked((current) => {
      const next = new Set(current);
      if (!next.delete(kind)) next.add(kind);
      return next;
    });
  const onRunOrCancel = () => {
    const state = useAppStore.getState();
    if (running) state.cancelBenchmark();
    else void state.runBenchmark(targets);
  };

  return (
    <dialog ref={dialogRef} className="settings benchmark" aria-labelledby={titleId} onClose={close}>
      <h2 id={titleId}>Benchmark</h2>
      <p className="help">
        The same {benchmarkPrompts.length} prompts ({benchmarkPrompts.map((prompt) => prompt.label.toLowerCase()).join("; ")}) on each engine, at
        temperature {benchmarkSampling.temperature} and at most {benchmarkSampling.maxTokens} tokens per reply, one engine after another. Local
        models are loaded first if needed, which is not counted.
      </p>
      <TargetPicker options={options} unticked={unticked} onToggle={toggle} disabled={running} />
      {isGenerating && !running && <p className="help">A reply is being written in the chat: wait for it to finish (or stop it), then run the benchmark.</p>}
      <div className="benchmark-actions">
        <button
          type="button"
          data-autofocus
          className={running ? "button button-stop" : "button button-primary"}
          disabled={!running && (targets.length === 0 || isGenerating)}
          onClick={onRunOrCancel}
        >
          {running ? "Cancel" : "Run benchmark"}
        </button>
        {running && <span className="help">Closing this window cancels the run.</span>}
      </div>
      <p className="benchmark-status" role="status">
        {statusText(benchmark)}
      </p>
      {shownRun && <BenchmarkResults run={shownRun} />}
      <KeptRuns />
      <div className="dialog-actions">
        <button type="button" data-autofocus className="button" onClick={close}>
          Close
        </button>
      </div>
    </dialog>
  );
}
