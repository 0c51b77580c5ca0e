/**
 * Calls `save` when the page is hidden or going away: the last moment a pending write can be
 * started (and, committed at once, land) before a reload, a closed tab or a phone's app switch.
 */
export function whenPageHides(save: () => void): void {
  if (typeof window === "undefined") return;
  window.addEventListener("pagehide", save);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") save();
  });
}
