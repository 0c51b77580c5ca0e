import { nextTask } from "../ui/nextPaint";

/** Longest stretch of handling a reply's chunks without letting the browser paint. */
export const yieldAfterMs = 16;

/** A gap between chunks longer than this was spent waiting for the engine, not working. */
const waitedMs = 1;

export interface WorkStretch {
  /** Call when a chunk has come: one that comes after a wait begins a new stretch. */
  chunkArrived: () => void;
  /** Call when the chunk is handled: gives the browser a task once the stretch has run long. */
  chunkHandled: () => Promise<void>;
}

/**
 * Times a loop over an engine's chunks. A burst of chunks the engine already holds is handled
 * without a wait in between, in one task: after yieldAfterMs of that, the browser gets a turn to
 * paint and answer input. Time spent waiting for the next chunk is not counted: a model writing
 * 50 tokens a second would otherwise get an extra task after every token, for nothing.
 */
export function startWorkStretch(now: () => number = () => performance.now(), giveTurn: () => Promise<void> = nextTask): WorkStretch {
  let startedAt = now();
  let handledAt = startedAt;
  return {
    chunkArrived() {
      const arrivedAt = now();
      if (arrivedAt - handledAt > waitedMs) startedAt = arrivedAt;
    },
    async chunkHandled() {
      handledAt = now();
      if (handledAt - startedAt <= yieldAfterMs) return;
      await giveTurn();
      startedAt = handledAt = now();
    },
  };
}
