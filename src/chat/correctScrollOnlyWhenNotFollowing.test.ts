import type { Virtualizer, VirtualItem } from "@tanstack/react-virtual";
import { describe, expect, it } from "vitest";
import { correctScrollOnlyWhenNotFollowing } from "./correctScrollOnlyWhenNotFollowing";

type Instance = Virtualizer<Window, Element>;

/** The rule as installed, asked about one message, with the page scrolled to 1,000 px. */
function asks(following: boolean, item: { start: number; size: number }, measuredBefore: boolean, scrollDirection: "forward" | "backward" | null = null): boolean {
  const target: Pick<Instance, "shouldAdjustScrollPositionOnItemSizeChange"> = { shouldAdjustScrollPositionOnItemSizeChange: undefined };
  correctScrollOnlyWhenNotFollowing(target, () => following);
  const virtualItem: VirtualItem = { index: 0, key: "m", start: item.start, size: item.size, end: item.start + item.size, lane: 0 };
  const instance = { scrollOffset: 1000, scrollDirection, itemSizeCache: new Map(measuredBefore ? [["m", item.size]] : []) } as unknown as Instance;
  const rule = target.shouldAdjustScrollPositionOnItemSizeChange;
  if (!rule) throw new Error("no rule installed");
  return rule(virtualItem, -90, instance);
}

describe("correctScrollOnlyWhenNotFollowing", () => {
  it("never scrolls by a message's change while the newest text is followed", () => {
    expect(asks(true, { start: 200, size: 160 }, false)).toBe(false);
    expect(asks(true, { start: 200, size: 160 }, true)).toBe(false);
  });

  it("otherwise keeps the virtualizer's own rule", () => {
    // First measured, starting above the fold: corrected.
    expect(asks(false, { start: 900, size: 160 }, false)).toBe(true);
    expect(asks(false, { start: 1100, size: 160 }, false)).toBe(false);
    // Measured again: only when wholly above the fold, and not while scrolling up.
    expect(asks(false, { start: 200, size: 160 }, true)).toBe(true);
    expect(asks(false, { start: 900, size: 160 }, true)).toBe(false);
    expect(asks(false, { start: 200, size: 160 }, true, "backward")).toBe(false);
  });
});
