import type { Virtualizer } from "@tanstack/react-virtual";

/**
 * When a message above the viewport changes size, the virtualizer scrolls by the change so that
 * what is on screen stays put. While the newest text is followed, the page goes to its end after
 * every change anyway, and a correction upwards (a message measured smaller than its estimate, as
 * a chat opens) would read as the person scrolling up and stop the following: a long chat then
 * opened short of its end. Otherwise the virtualizer's own rule, as it is. (An option of the
 * instance only; set after the first commit, before any message is measured again.)
 */
export function correctScrollOnlyWhenNotFollowing(virtualizer: Pick<Virtualizer<Window, Element>, "shouldAdjustScrollPositionOnItemSizeChange">, isFollowing: () => boolean): void {
  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = (item, _delta, { scrollOffset, scrollDirection, itemSizeCache }) => {
    if (isFollowing()) return false;
    const offset = scrollOffset ?? 0;
    return itemSizeCache.has(item.key) ? item.end <= offset && scrollDirection !== "backward" : item.start < offset;
  };
}
