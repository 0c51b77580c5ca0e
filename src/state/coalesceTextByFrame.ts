import { beforeNextPaint } from "../ui/nextPaint";
import type { Scheduler } from "../ui/nextPaint";

/**
 * Streamed text, handed on at most once per frame. Every store update re-renders the reply
 * (React renders external-store updates synchronously), so a model or a burst sending several
 * tokens per frame would otherwise render, lay out and style the reply several times for one
 * paint. The text is applied in an animation frame, just before that frame paints it; hidden tabs
 * get no animation frames, so a timer hands it on as well (whichever comes first).
 */
export interface TextCoalescer {
  push: (text: string) => void;
  /** Hands on what is waiting now (before any other update of the same message, and at the end). */
  flush: () => void;
}

export function coalesceTextByFrame(apply: (text: string) => void, schedule: Scheduler = beforeNextPaint): TextCoalescer {
  let waiting = "";
  let cancel: (() => void) | undefined;
  const flush = () => {
    cancel?.();
    cancel = undefined;
    if (!waiting) return;
    const text = waiting;
    waiting = "";
    apply(text);
  };
  return {
    push(text) {
      waiting += text;
      cancel ??= schedule(flush);
    },
    flush,
  };
}

