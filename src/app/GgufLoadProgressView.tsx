import type { GgufLoadPhase } from "../engines/gguf/ggufProtocol";
import type { GgufProgressView } from "../state/ggufSlice";
import { formatBytes } from "../ui/formatBytes";
import { formatDuration } from "./LoadProgressView";

const phaseLabel: Record<GgufLoadPhase, string> = {
  downloading: "Downloading the model",
  copying: "Copying the file into this browser's storage",
  loading: "Loading into memory",
};

/** Bytes, speed and time left while a GGUF model is stored; a busy bar while llama.cpp reads it. */
export function GgufLoadProgressView({ what, progress }: { what: string; progress: GgufProgressView | undefined }) {
  if (!progress) {
    return (
      <p className="muted" role="status">
        Starting the local engine for {what}…
      </p>
    );
  }
  const label = phaseLabel[progress.phase];
  const known = progress.phase !== "loading" && progress.bytesTotal !== undefined && progress.bytesTotal > 0;
  const percent = known ? Math.floor((progress.bytesDone / (progress.bytesTotal ?? 1)) * 100) : undefined;
  const figures: string[] = [];
  if (progress.phase !== "loading") {
    figures.push(progress.bytesTotal !== undefined ? `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}` : formatBytes(progress.bytesDone));
  }
  if (progress.bytesPerSecond !== undefined) figures.push(`${formatBytes(progress.bytesPerSecond)}/s`);
  if (progress.secondsLeft !== undefined) figures.push(`about ${formatDuration(progress.secondsLeft)} left`);
  return (
    <div className="load-progress">
      <p className="load-phase" role="status">
        {label}
        {percent !== undefined && ` — ${percent}%`}
      </p>
      {known ? <progress aria-label={label} max={progress.bytesTotal} value={progress.bytesDone} /> : <progress aria-label={label} />}
      {figures.length > 0 && <p className="help">{figures.join(" · ")}</p>}
    </div>
  );
}
