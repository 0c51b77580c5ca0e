import { useId } from "react";
import { benchmarkPrompts } from "./benchmarkPrompts";
import { BenchmarkChart } from "./BenchmarkChart";
import type { GpuCeiling } from "./gpuBandwidth";
import { percentOfCeiling } from "./gpuBandwidth";
import type { BenchmarkRun, TargetResult, TargetSummary } from "./runBenchmark";
import { summarizeTarget } from "./runBenchmark";
import { modelLabel } from "../ui/describeEngine";
import { formatBytes } from "../ui/formatBytes";

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatRate(tokensPerSecond: number): string {
  return tokensPerSecond >= 100 ? tokensPerSecond.toFixed(0) : tokensPerSecond.toFixed(1);
}

export function formatRunDate(timestamp: number): string {
  return new Date(timestamp).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

const promptLabel = (id: string | undefined) => benchmarkPrompts.find((prompt) => prompt.id === id)?.label.toLowerCase();

function DecodeCell({ summary, ceiling }: { summary: TargetSummary; ceiling?: GpuCeiling }) {
  if (summary.decodeTokensPerSecond === undefined) return <td>—</td>;
  const percent = percentOfCeiling(summary.decodeTokensPerSecond, ceiling);
  return (
    <td>
      {formatRate(summary.decodeTokensPerSecond)}
      {summary.decodeEstimated && "*"}
      {percent !== undefined && <span className="benchmark-share"> ({percent}% of this GPU's best)</span>}
    </td>
  );
}

function TargetRows({ target }: { target: TargetResult }) {
  const summary = summarizeTarget(target);
  const failedAt = promptLabel(target.failedPromptId);
  return (
    <>
      <tr>
        <th scope="row">{target.label}</th>
        <td>{modelLabel(target.model)}</td>
        <td>{summary.timeToFirstTokenMs === undefined ? "—" : formatMs(summary.timeToFirstTokenMs)}</td>
        <td>
          {summary.prefillTokensPerSecond === undefined ? "—" : `${summary.prefillEstimated ? "≈ " : ""}${formatRate(summary.prefillTokensPerSecond)}`}
        </td>
        <DecodeCell summary={summary} ceiling={target.gpuCeiling} />
        <td>{summary.totalMs === undefined ? "—" : formatMs(summary.totalMs)}</td>
      </tr>
      {target.error !== undefined && (
        <tr className="benchmark-error">
          <td colSpan={6}>
            {target.label} stopped{failedAt ? ` at the ${failedAt}` : " before the first prompt"}: {target.error} {target.errorFix}
          </td>
        </tr>
      )}
    </>
  );
}

/** What the GPU could reach at best, and how close this run came, in words. */
function GpuNote({ target }: { target: TargetResult }) {
  const ceiling = target.gpuCeiling;
  if (!ceiling) return null;
  if (ceiling.status === "unknown") return <li>{`${target.label}: ${ceiling.reason}.`}</li>;
  const decode = summarizeTarget(target).decodeTokensPerSecond;
  const reached = decode === undefined ? "" : ` This run decoded ${formatRate(decode)} tokens/s, ${percentOfCeiling(decode, ceiling)}% of that.`;
  return (
    <li>
      {`${target.label}: the best an ${ceiling.gpu} could reach is about ${formatRate(ceiling.tokensPerSecond)} tokens/s (${ceiling.bandwidthGBps} GB/s of memory bandwidth ÷ ${formatBytes(ceiling.weightBytes)} of weights read per token).${reached}`}
    </li>
  );
}

/** One run's figures side by side: a table with the medians, then the two figures that matter most as charts. */
export function BenchmarkResults({ run }: { run: BenchmarkRun }) {
  const bars = (pick: (summary: TargetSummary) => number | undefined) => run.targets.map((target) => ({ label: target.label, value: pick(summarizeTarget(target)) }));
  const anyCeiling = run.targets.some((target) => target.gpuCeiling);
  const titleId = useId();
  return (
    <section className="benchmark-results" aria-label="Results">
      {/* Above the table, not its caption: on a phone the table scrolls sideways, and so would its caption. */}
      <h3 id={titleId} className="benchmark-results-title">
        Run of {formatRunDate(run.startedAt)}
        {run.cancelled && " (cancelled: only what finished)"} — medians over the prompts
      </h3>
      {/* Focusable, so that a keyboard can scroll it where it is wider than the window. */}
      <div className="benchmark-table-scroll" role="region" aria-labelledby={titleId} tabIndex={0}>
        <table className="benchmark-table" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">Engine</th>
              <th scope="col">Model</th>
              <th scope="col">First token</th>
              <th scope="col">Prefill tokens/s</th>
              <th scope="col">Decode tokens/s</th>
              <th scope="col">Total time</th>
            </tr>
          </thead>
          <tbody>
            {run.targets.map((target) => (
              <TargetRows key={target.kind} target={target} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="help">
        First token: from sending the prompt to the first text, measured in this page. ≈: prefill worked out as prompt tokens ÷ time to first
        token, which also counts the network, so the engine's own prefill is at least this fast. *: tokens counted as characters ÷ 4, as the
        engine did not report them.
      </p>
      {anyCeiling && (
        <ul className="benchmark-gpu-notes">
          {run.targets.map((target) => (
            <GpuNote key={target.kind} target={target} />
          ))}
        </ul>
      )}
      <div className="benchmark-charts">
        <BenchmarkChart title="Decode speed, tokens/s (higher is faster)" bars={bars((summary) => summary.decodeTokensPerSecond)} format={formatRate} unit=" tokens/s" />
        <BenchmarkChart title="Time to first token (lower is faster)" bars={bars((summary) => summary.timeToFirstTokenMs)} format={formatMs} />
      </div>
    </section>
  );
}
