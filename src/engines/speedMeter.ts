/**
 * A transfer speed averaged over the last few seconds, so one slow part does not swing the time
 * left. Used for web-llm's shard downloads and for GGUF downloads. Pure: the caller passes the time.
 */

/** The speed is averaged over about this much time… */
const windowMs = 6000;
/** …and not given before the samples span this much. */
const minimumSpanMs = 2000;

interface Sample {
  atMs: number;
  amount: number;
}

export interface SpeedMeter {
  /** Starts over from this point (e.g. after parts that were skipped, not transferred). */
  reset(atMs: number, amount: number): void;
  add(atMs: number, amount: number): void;
  /** Amount per second, or undefined until there is enough data. */
  perSecond(): number | undefined;
}

export function createSpeedMeter(): SpeedMeter {
  let samples: Sample[] = [];
  return {
    reset(atMs, amount) {
      samples = [{ atMs, amount }];
    },
    add(atMs, amount) {
      samples.push({ atMs, amount });
      // Keep one sample older than the window as its anchor, so the window stays full.
      while (samples.length > 2 && samples[1].atMs <= atMs - windowMs) samples.shift();
    },
    perSecond() {
      if (samples.length < 2) return undefined;
      const first = samples[0];
      const last = samples[samples.length - 1];
      const spanMs = last.atMs - first.atMs;
      if (spanMs < minimumSpanMs) return undefined;
      const amount = last.amount - first.amount;
      return amount > 0 ? amount / (spanMs / 1000) : undefined;
    },
  };
}
