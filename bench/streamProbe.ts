/**
 * In-page instrumentation for a streamed reply, installed with addInitScript before the app runs
 * (the function is serialised: it may use nothing from outside its own body). Product code is
 * untouched:
 * - `fetch` is wrapped so that the chat completion's body passes through a TransformStream that
 *   notes, for each SSE token, when the chunk carrying it arrived (performance.now()): the page's
 *   fetch for the floor page, the Mistral API worker's fetch for the app (see below).
 * - A MutationObserver sees the reply change; the probe reads how many letters the reply shows as
 *   the frame that paints the change will paint them (in that frame's first animation-frame
 *   callback, or at once when the app changed the page within the frame), and a message posted
 *   from that frame takes the time once the frame's rendering is done: the token whose cumulative
 *   letters are reached was painted then.
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
  /** When the chunk carrying token i arrived where the reply is read (the app: in its SDK worker). */
  arrivals: number[];
  /** When token i was first painted; null where not seen. */
  paints: (number | null)[];
  /** The frame (an index into frameStarts) that painted token i; null where not seen. */
  paintFrames: (number | null)[];
  /** When each frame since arming began (its first animation-frame callback). */
  frameStarts: number[];
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
  const paintFrames: (number | null)[] = new Array<number | null>(tokenCount).fill(null);
  const frameStarts: number[] = [];
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
  /**
   * Wraps `scope.fetch` so that each chat completion's body passes through a stream that reports,
   * for each chunk, how many tokens it carried and when it arrived, and says when the body ended.
   * Self-contained: it is also run inside the Mistral API worker (below), from its source text.
   */
  function stampArrivals(scope: { fetch: typeof fetch }, chatPath: string, report: (tokens: number, arrivedAt: number) => void, ended: () => void): void {
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
      let hasEnded = false;
      // The reader may stop at the end-of-stream event without reading the body to its close.
      const end = () => {
        if (!hasEnded) ended();
        hasEnded = true;
      };
      return body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            const arrivedAt = performance.now();
            controller.enqueue(chunk);
            pending += decoder.decode(chunk, { stream: true });
            const events = pending.split("\n\n");
            pending = events.pop() ?? "";
            let tokens = 0;
            let lastEvent = false;
            for (const event of events) {
              for (const line of event.split("\n")) {
                if (line.startsWith("data:") && contentOf(line.slice(5).trim()) !== "") tokens += 1;
                if (line.trim() === "data: [DONE]") lastEvent = true;
              }
            }
            if (tokens > 0) report(tokens, arrivedAt);
            if (lastEvent) end();
          },
          flush: end,
        }),
      );
    }
    const originalFetch = scope.fetch.bind(scope);
    scope.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const response = await originalFetch(input, init);
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (!url.includes(chatPath) || response.body === null) return response;
      return new Response(timestampedBody(response.body), { status: response.status, statusText: response.statusText, headers: response.headers });
    };
  }

  const recordArrivals = (tokens: number, arrivedAt: number) => {
    if (armed) for (let token = 0; token < tokens; token += 1) arrivals.push(arrivedAt);
  };

  // A page that fetches the reply itself (the floor page).
  stampArrivals(
    window,
    options.chatPath,
    (tokens, arrivedAt) => {
      recordArrivals(tokens, arrivedAt);
      probeTimeMs += performance.now() - arrivedAt;
    },
    () => undefined,
  );

  // The app fetches the reply in its Mistral API worker: that worker is started from a small
  // script that wraps the worker's fetch first. The worker keeps each token's arrival, in the
  // page's own time (both clocks count from their timeOrigin), and sends them all in one message
  // once the body has ended: a message per chunk would add a task per token to the page's main
  // thread that is the probe's, not the app's. The worker's parsing is not the page's main thread.
  type ArrivalMessage = { tramontaneArrivals: [tokens: number, at: number][] };
  const isArrivalMessage = (data: unknown): data is ArrivalMessage => typeof data === "object" && data !== null && "tramontaneArrivals" in data;
  const OriginalWorker = window.Worker;
  window.Worker = class extends OriginalWorker {
    constructor(scriptUrl: string | URL, workerOptions?: WorkerOptions) {
      const href = new URL(String(scriptUrl), location.href).href;
      if (!href.includes("mistralApiWorker")) {
        super(scriptUrl, workerOptions);
        return;
      }
      const source = [
        "const arrivals = [];",
        `(${stampArrivals.toString()})(self, ${JSON.stringify(options.chatPath)}, (tokens, at) => arrivals.push([tokens, performance.timeOrigin + at]), () => self.postMessage({ tramontaneArrivals: arrivals.splice(0) }));`,
        `await import(${JSON.stringify(href)});`,
      ].join("\n");
      super(URL.createObjectURL(new Blob([source], { type: "text/javascript" })), workerOptions);
      this.addEventListener("message", (event: MessageEvent<unknown>) => {
        if (!isArrivalMessage(event.data)) return;
        const started = performance.now();
        for (const [tokens, at] of event.data.tramontaneArrivals) recordArrivals(tokens, at - performance.timeOrigin);
        probeTimeMs += performance.now() - started;
      });
    }
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

  // A frame is under way from its first animation-frame callback (the probe's loop, asked for in
  // the frame before, runs before the app's) until a message posted from it runs, just after the
  // frame's rendering. A change made meanwhile (the app may update in an animation frame) is
  // painted by that frame; a change made between frames, by the next one.
  const afterFrame = new MessageChannel();
  let inFrame = false;
  let changedSinceFrame = false;
  let measuredInFrame: { letters: number; complete: boolean } | undefined;
  afterFrame.port1.onmessage = () => {
    const paintedAt = performance.now();
    inFrame = false;
    const measured = measuredInFrame;
    measuredInFrame = undefined;
    if (!measured || finishedAt !== null) return;
    while (nextToPaint < tokenCount && options.lettersAfterToken[nextToPaint] <= measured.letters) {
      paints[nextToPaint] = paintedAt;
      // This message was posted by the latest frame to start: the one that painted.
      paintFrames[nextToPaint] = frameStarts.length - 1;
      nextToPaint += 1;
    }
    if (measured.complete) finishedAt = paintedAt;
    probeTimeMs += performance.now() - paintedAt;
  };

  /** What the reply shows now, as the frame under way will paint it. */
  function measureForThisFrame(): void {
    const started = performance.now();
    const reply = newReply();
    if (reply) {
      lettersShown = lettersIn(reply);
      const complete = reply.getAttribute("aria-busy") === "false" && arrivals.length >= tokenCount && lettersShown >= totalLetters;
      measuredInFrame = { letters: lettersShown, complete };
    }
    probeTimeMs += performance.now() - started;
  }

  new MutationObserver(() => {
    if (!armed || finishedAt !== null) return;
    if (inFrame) measureForThisFrame();
    else changedSinceFrame = true;
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-busy"] });

  // --- frames and long tasks ---------------------------------------------------------------------
  let previousFrame: number | undefined;
  // All of it is the probe's own work: measuring, asking for the next frame, posting the
  // after-frame message (the measuring inside keeps its own count, replaced by the whole here).
  function frameLoop(time: number): void {
    const started = performance.now();
    const probeTimeBefore = probeTimeMs;
    if (previousFrame !== undefined) frameIntervals.push(time - previousFrame);
    previousFrame = time;
    frameStarts.push(started);
    inFrame = true;
    if (changedSinceFrame) {
      changedSinceFrame = false;
      measureForThisFrame();
    }
    afterFrame.port2.postMessage(null);
    if (finishedAt === null) requestAnimationFrame(frameLoop);
    probeTimeMs = probeTimeBefore + (performance.now() - started);
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
      paintFrames,
      frameStarts,
      finishedAt,
      lettersShownAtEnd: lettersShown,
      frameIntervals,
      longTasks: longTasks.filter((task) => task.startTime >= armedAt),
      probeTimeMs,
    }),
  };
  (window as unknown as StreamProbeWindow).tramontaneStreamProbe = control;
}
