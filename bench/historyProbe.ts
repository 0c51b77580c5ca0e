/**
 * In-page instrumentation for a big history, installed with addInitScript (serialised: it may use
 * nothing from outside its own body). A time is "shown" once the frame that shows it has been
 * rendered: the condition is checked in an animation frame (the state that frame paints), and a
 * message posted from it takes the time after the frame's rendering work.
 * - sidebar: from navigation start to the first conversation in the sidebar;
 * - open: from the click (event.timeStamp) to the conversation's last message on screen;
 * - search: from the input event in "Search chats" to the list holding only the results.
 */

export type HistoryExpectation = { kind: "open"; lastMessageText: string } | { kind: "search"; resultCount: number };

export interface HistoryProbeControl {
  /**
   * When the sidebar first listed chats, once it has. Checked on a timer in the page: Playwright's
   * waitForFunction would inject its selector engine (a task of some 30 ms) into the start-up.
   */
  whenSidebarShown: () => Promise<number>;
  arm: (expectation: HistoryExpectation) => void;
  /** The armed action's start and end, once it is shown. */
  measured: () => { startedAt: number; shownAt: number } | null;
}

export type HistoryProbeWindow = Window & { tramontaneHistoryProbe: HistoryProbeControl };

export function installHistoryProbe(): void {
  let sidebarShownAt: number | null = null;
  let expectation: HistoryExpectation | undefined;
  let startedAt: number | null = null;
  let measured: { startedAt: number; shownAt: number } | null = null;

  const sidebarShown = () => document.querySelector('nav[aria-label="Conversations"] li') !== null;
  const expectationMet = (): boolean => {
    if (!expectation || startedAt === null) return false;
    if (expectation.kind === "search") return document.querySelectorAll('nav[aria-label="Conversations"] .conversation-list > li').length === expectation.resultCount;
    const articles = document.querySelectorAll("article");
    for (let index = articles.length - 1; index >= 0; index -= 1) {
      if (articles[index].textContent?.includes(expectation.lastMessageText)) return true;
    }
    return false;
  };

  const afterFrame = new MessageChannel();
  let pending: { sidebar: boolean; expectation: boolean } | undefined;
  afterFrame.port1.onmessage = () => {
    const now = performance.now();
    if (pending?.sidebar && sidebarShownAt === null) sidebarShownAt = now;
    if (pending?.expectation && measured === null && startedAt !== null) {
      measured = { startedAt, shownAt: now };
      expectation = undefined;
    }
    pending = undefined;
  };

  let frameRequested = false;
  const checkThisFrame = () => {
    frameRequested = false;
    const sidebar = sidebarShownAt === null && sidebarShown();
    const met = measured === null && expectationMet();
    if (!sidebar && !met) return;
    pending = { sidebar, expectation: met };
    afterFrame.port2.postMessage(null);
  };
  new MutationObserver(() => {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(checkThisFrame);
  }).observe(document, { subtree: true, childList: true, characterData: true });

  document.addEventListener(
    "click",
    (event) => {
      if (expectation?.kind === "open" && startedAt === null) startedAt = event.timeStamp;
    },
    true,
  );
  document.addEventListener(
    "input",
    (event) => {
      const target = event.target;
      if (expectation?.kind === "search" && target instanceof HTMLInputElement && target.getAttribute("aria-label") === "Search chats") startedAt = event.timeStamp;
    },
    true,
  );

  (window as unknown as HistoryProbeWindow).tramontaneHistoryProbe = {
    whenSidebarShown: () =>
      new Promise((resolve) => {
        const check = () => {
          if (sidebarShownAt !== null) resolve(sidebarShownAt);
          else setTimeout(check, 50);
        };
        check();
      }),
    arm: (next) => {
      expectation = next;
      startedAt = null;
      measured = null;
    },
    measured: () => measured,
  };
}
