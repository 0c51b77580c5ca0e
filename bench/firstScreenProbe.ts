/**
 * In-page instrumentation for the first screen, installed with addInitScript (serialised: it may
 * use nothing from outside its own body). Times are performance.now(), whose zero is the start
 * of the navigation.
 */

export interface FirstScreenReport {
  /** When the "Message" textbox was first in the page and enabled (it may not be painted yet). */
  composerEnabledAt: number | null;
  firstContentfulPaint: number | null;
  /**
   * When the app had read the saved settings and shown them (the header names the engine in use):
   * from then on a message typed is sent. The floor page has no such moment.
   */
  appReadyAt: number | null;
  /** JavaScript files the page fetched, with when each had fully arrived. */
  scripts: { url: string; responseEnd: number; decodedBodySize: number }[];
}

export type FirstScreenWindow = Window & {
  /**
   * The report once it has every figure (`withReady`: the app's ready moment too). It checks on a
   * timer in the page itself: Playwright's waitForFunction would inject its selector engine, a
   * task of some 30 ms, into the very start-up being measured.
   */
  tramontaneFirstScreen: (withReady: boolean) => Promise<FirstScreenReport>;
};

export function installFirstScreenProbe(): void {
  let composerEnabledAt: number | null = null;
  let appReadyAt: number | null = null;
  let firstContentfulPaint: number | null = null;

  const composerIsUsable = (): boolean => {
    const composer = document.querySelector<HTMLTextAreaElement>('textarea[aria-label="Message"]');
    return composer !== null && !composer.disabled;
  };
  const appIsReady = (): boolean => (document.querySelector('[aria-label="Active engine"]')?.childElementCount ?? 0) > 0;
  const observer = new MutationObserver(() => {
    if (composerEnabledAt === null && composerIsUsable()) composerEnabledAt = performance.now();
    if (appReadyAt === null && appIsReady()) appReadyAt = performance.now();
    if (composerEnabledAt !== null && appReadyAt !== null) observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["disabled"] });

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === "first-contentful-paint") firstContentfulPaint = entry.startTime;
  }).observe({ type: "paint", buffered: true });

  const report = (): FirstScreenReport => ({
    composerEnabledAt,
    firstContentfulPaint,
    appReadyAt,
    scripts: performance
      .getEntriesByType("resource")
      .filter((entry): entry is PerformanceResourceTiming => entry instanceof PerformanceResourceTiming)
      .filter((entry) => /\.m?js$/.test(new URL(entry.name).pathname))
      .map((entry) => ({ url: entry.name, responseEnd: entry.responseEnd, decodedBodySize: entry.decodedBodySize })),
  });
  (window as unknown as FirstScreenWindow).tramontaneFirstScreen = (withReady) =>
    new Promise((resolve) => {
      const check = () => {
        const complete = composerEnabledAt !== null && firstContentfulPaint !== null && (!withReady || appReadyAt !== null);
        if (complete) resolve(report());
        else setTimeout(check, 50);
      };
      check();
    });
}
