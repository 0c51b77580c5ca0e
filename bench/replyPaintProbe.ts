/**
 * In-page instrumentation for a reply from an engine in a worker, installed with addInitScript
 * (serialised: it may use nothing from outside its own body): when the reply's text was first and
 * last seen changing on screen. The text is read in an animation frame (what that frame paints)
 * and the time taken by a message posted from it, after the frame's rendering work.
 */

export interface ReplyPaintReport {
  /** The first painted frame with text in the reply: when, and how many characters it showed. */
  firstChange: { at: number; length: number } | null;
  /** The last painted frame in which the text changed. */
  lastChange: { at: number; length: number } | null;
  /** Frames in which the text had changed. */
  changedFrames: number;
  finished: boolean;
}

export type ReplyPaintProbeWindow = Window & { tramontaneReplyPaint: () => ReplyPaintReport };

export function installReplyPaintProbe(options: { prompt: string }): void {
  const report: ReplyPaintReport = { firstChange: null, lastChange: null, changedFrames: 0, finished: false };
  let shownLength = 0;

  /** The last article, when it is a reply and the one before it is the benchmark's message. */
  function newReply(): Element | undefined {
    const articles = document.querySelectorAll("article");
    const reply = articles[articles.length - 1];
    const question = articles[articles.length - 2];
    if (!reply?.getAttribute("aria-label")?.startsWith("Reply from")) return undefined;
    return question?.textContent?.includes(options.prompt) ? reply : undefined;
  }

  const afterFrame = new MessageChannel();
  let measured: { changed: boolean; length: number; finished: boolean } | undefined;
  afterFrame.port1.onmessage = () => {
    const now = performance.now();
    if (measured?.changed) {
      report.firstChange ??= { at: now, length: measured.length };
      report.lastChange = { at: now, length: measured.length };
      report.changedFrames += 1;
    }
    if (measured?.finished) report.finished = true;
    measured = undefined;
  };

  let frameRequested = false;
  const measureThisFrame = () => {
    frameRequested = false;
    const reply = newReply();
    if (!reply || report.finished) return;
    const length = reply.querySelector(".message-text")?.textContent?.length ?? 0;
    measured = { changed: length !== shownLength, length, finished: reply.getAttribute("aria-busy") === "false" };
    shownLength = length;
    afterFrame.port2.postMessage(null);
  };
  new MutationObserver(() => {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(measureThisFrame);
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-busy"] });

  (window as unknown as ReplyPaintProbeWindow).tramontaneReplyPaint = () => report;
}
