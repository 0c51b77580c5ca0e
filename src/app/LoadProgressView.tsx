import type { TrackedProgress } from "../state/localEngineSlice";
import { formatBytes } from "../ui/formatBytes";

const mebibyte = 2 ** 20;

const phaseLabel: Record<TrackedProgress["phase"], string> = {
  starting: "Starting",
  downloading: "Downloading the model",
  loading: "Loading into GPU memory",
  shaders: "Preparing GPU shaders",
  ready: "Ready",
};

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** One phase at a time, with the figures a person wants on a multi-gigabyte download. */
export function LoadProgressView({ progress }: { progress: TrackedProgress | undefined }) {
  if (!progress) {
    return (
      <p className="muted" role="status">
        Starting the local engine…
      </p>
    );
  }
  const label = phaseLabel[progress.phase];
  const percent = Math.round(progress.fraction * 100);
  const figures: string[] = [];
  if (progress.megabytesDone !== undefined && progress.megabytesTotal !== undefined) {
    figures.push(`${formatBytes(progress.megabytesDone * mebibyte)} of ${formatBytes(progress.megabytesTotal * mebibyte)}`);
  }
  if (progress.shard) figures.push(`part ${progress.shard.index} of ${progress.shard.count}`);
  if (progress.bytesPerSecond !== undefined) figures.push(`${formatBytes(progress.bytesPerSecond)}/s`);
  if (progress.secondsLeft !== undefined) figures.push(`about ${formatDuration(progress.secondsLeft)} left`);
  return (
    <div className="load-progress">
      <p className="load-phase" role="status">
        {label} — {percent}%
      </p>
      <progress aria-label={label} max={1} value={progress.fraction} />
      {figures.length > 0 && <p className="help">{figures.join(" · ")}</p>}
      {progress.alreadyDownloaded && <p className="help">Already on this device: nothing to download.</p>}
      {!progress.alreadyDownloaded && progress.resumedFromShard !== undefined && progress.resumedFromShard > 0 && (
        <p className="help">Resuming: {progress.resumedFromShard} parts were already stored on this device.</p>
      )}
    </div>
  );
}
