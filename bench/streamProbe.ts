/**
 * In-page instrumentation for a streamed reply, installed with addInitScript before the app runs
 * (the function is serialised: it may use nothing from outside its own body). Product code is
 * untouched:
 * - `fetch` is wrapped so that the chat completion's body passes through a TransformStream that
 *   notes, for each SSE token, when the chunk carrying it reached the page (performance.now()).
 * - A MutationObserver sees the reply change; in the next animation frame the probe reads how many
 *   letters the reply shows (the state that frame paints), and a message posted from that frame
 *   takes the time once the frame's rendering is done: the token whose cumulative letters are
 *   reached was painted then.
 * - A requestAnimationFrame loop keeps the frame intervals (dropped frames), and a
 *   PerformanceObserver the long tasks.
 * The probe's own work is timed, so that it can be taken out of the main thread's busy time.
 */

export interface StreamProbeOptions {
  chatPath: string;
  /** The message the benchmark sends: the new reply is the article right after it. */
  prompt: string;
  /** Letters the reply shows once token i is rendered, cumulative (see markdownReply.ts). */
  lettersAfterToken: number[];
}

export interface StreamProbeReport {
  armedAt: number;
  /** When the chunk carrying token i reached the page. */
  arrivals: number[];
  /** When token i was first painted; null where not seen. */
  paints: (number | null)[];
  /** When the reply was painted complete and no longer streaming. */
  finishedAt: number | null;
  lettersShownAtEnd: number;
  frameIntervals: number[];
  longTasks: { startTime: number; duration: number }[];
  probeTimeMs: number;
}

export interface StreamProbeControl {
  arm: () => void;
  isFinished: () => boolean;
  report: () => StreamProbeReport;
}

export type StreamProbeWindow = Window & { tramontaneStreamProbe: StreamProbeControl };

export function installStreamProbe(options: StreamProbeOptions): void {
  const tokenCount = options.lettersAfterToken.length;
  const totalLetters = options.lettersAfterToken[tokenCount - 1] ?? 0;
  const arrivals: number[] = [];
  const paints: (number | null)[] = new Array<number | null>(tokenCount).fill(null);
  const frameIntervals: number[] = [];
  const longTasks: { startTime: number; duration: number }[] = [];
  let armed = false;
  let armedAt = 0;
  let finishedAt: number | null = null;
  let lettersShown = 0;
  let probeTimeMs = 0;
  let nextToPaint = 0;

  function countLetters(text: string): number {
    let count = 0;
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) count += 1;
    }
    return count;
  }

  // --- arrivals: the chat completion's body, chunk by chunk -------------------------------------
  function contentOf(data: string): string {
    try {
      const parsed: unknown = JSON.parse(data);
      const choices = (parsed as { choices?: { delta?: { content?: unknown } }[] }).choices;
      const content = choices?.[0]?.delta?.content;
      return typeof content === "string" ? content : "";
    } catch {
      return "";
    }
  }

  function timestampedBody(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const decoder = new TextDecoder();
    let pending = "";
    return body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          const arrivedAt = performance.now();
          controller.enqueue(chunk);
          pending += decoder.decode(chunk, { stream: true });
          const events = pending.split("\n\n");
          pending = events.pop() ?? "";
          for (const event of events) {
            for (const line of event.split("\n")) {
              if (line.startsWith("data:") && contentOf(line.slice(5).trim()) !== "") arrivals.push(arrivedAt);
            }
          }
          probeTimeMs += performance.now() - arrivedAt;
        },
      }),
    );
  }

  const originalFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const response = await originalFetch(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!armed || !url.includes(options.chatPath) || response.body === null) return response;
    return new Response(timestampedBody(response.body), { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  // --- paints: what each frame shows of the new reply -------------------------------------------
  /** The last article, when it is a reply and the one before it is the benchmark's message. */
  function newReply(): Element | undefined {
    const articles = document.querySelectorAll("article");
    const reply = articles[articles.length - 1];
    const question = articles[articles.length - 2];
    if (!reply?.getAttribute("aria-label")?.startsWith("Reply from")) return undefined;
    return question?.textContent?.includes(options.prompt) ? reply : undefined;
  }

  function lettersIn(reply: Element): number {
    const text = reply.querySelector(".message-text");
    if (!text) return 0;
    let letters = countLetters(text.textContent ?? "");
    // The code blocks' bars (language name, Copy) are not the reply's text.
    for (const bar of text.querySelectorAll(".md-code-bar")) letters -= countLetters(bar.textContent ?? "");
    return letters;
  }

  const afterFrame = new MessageChannel();
  let frameRequested = false;
  let measuredInFrame: { letters: number; complete: boolean } | undefined;

  afterFrame.port1.onmessage = () => {
    const paintedAt = performance.now();
    const measured = measuredInFrame;
    measuredInFrame = undefined;
    if (!measured || finishedAt !== null) return;
    while (nextToPaint < tokenCount && options.lettersAfterToken[nextToPaint] <= measured.letters) {
      paints[nextToPaint] = paintedAt;
      nextToPaint += 1;
    }
    if (measured.complete) finishedAt = paintedAt;
    probeTimeMs += performance.now() - paintedAt;
  };

  function measureThisFrame(): void {
    const started = performance.now();
    frameRequested = false;
    const reply = newReply();
    if (reply) {
      lettersShown = lettersIn(reply);
      const complete = reply.getAttribute("aria-busy") === "false" && arrivals.length >= tokenCount && lettersShown >= totalLetters;
      measuredInFrame = { letters: lettersShown, complete };
      afterFrame.port2.postMessage(null);
    }
    probeTimeMs += performance.now() - started;
  }

  new MutationObserver(() => {
    if (!armed || frameRequested || finishedAt !== null) return;
    frameRequested = true;
    requestAnimationFrame(measureThisFrame);
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-busy"] });

  // --- frames and long tasks ---------------------------------------------------------------------
  let previousFrame: number | undefined;
  function frameLoop(time: number): void {
    if (previousFrame !== undefined) frameIntervals.push(time - previousFrame);
    previousFrame = time;
    if (finishedAt === null) requestAnimationFrame(frameLoop);
  }

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ startTime: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });

  const control: StreamProbeControl = {
    arm: () => {
      armed = true;
      armedAt = performance.now();
      requestAnimationFrame(frameLoop);
    },
    isFinished: () => finishedAt !== null,
    report: () => ({
      armedAt,
      arrivals,
      paints,
      finishedAt,
      lettersShownAtEnd: lettersShown,
      frameIntervals,
      longTasks: longTasks.filter((task) => task.startTime >= armedAt),
      probeTimeMs,
    }),
  };
  (window as unknown as StreamProbeWindow).tramontaneStreamProbe = control;
}
