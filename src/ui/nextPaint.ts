/** Runs a callback once, at a moment tied to painting; returns a function that cancels it. */
export type Scheduler = (callback: () => void) => () => void;

/** Hidden tabs get no animation frames: past this, a timer runs the callback instead. */
const fallbackMs = 100;

/** Runs `callback` once: in the next animation frame (just before it paints), or after the fallback. */
export const beforeNextPaint: Scheduler = (callback) => {
  let done = false;
  const frame = typeof requestAnimationFrame === "function" ? requestAnimationFrame(() => run()) : undefined;
  const timer = setTimeout(() => run(), fallbackMs);
  const cancel = () => {
    done = true;
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
  const run = () => {
    if (done) return;
    cancel();
    callback();
  };
  return cancel;
};

/**
 * Resolves once the browser has painted (or after the fallback, in a hidden tab): work started
 * then does not hold up the frame that shows what was just changed.
 */
export async function afterNextPaint(): Promise<void> {
  await new Promise<void>((resolve) => beforeNextPaint(resolve));
  await nextTask();
}

/**
 * Resolves in a task of its own: the page can paint and handle input before what follows runs.
 * A message, not `setTimeout(resolve, 0)`: browsers hold a timer set from a timer's own task
 * for at least 4 ms once five are chained, and a start splits its work into a dozen chained
 * tasks (the highlighter's grammars, the replies on screen).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
