import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useStickToBottom } from "./useStickToBottom";

/** The page's scroll box, as the hook reads it (jsdom lays nothing out). */
const page = { scrollTop: 0, scrollHeight: 5000, clientHeight: 800 };
const end = () => page.scrollHeight - page.clientHeight;

function scrollPageTo(top: number, withEvent: boolean) {
  page.scrollTop = Math.max(0, Math.min(top, end()));
  if (withEvent) window.dispatchEvent(new Event("scroll"));
}

describe("useStickToBottom", () => {
  beforeEach(() => {
    Object.assign(page, { scrollTop: 0, scrollHeight: 5000, clientHeight: 800 });
    for (const key of ["scrollTop", "scrollHeight", "clientHeight"] as const) {
      Object.defineProperty(document.documentElement, key, { configurable: true, get: () => page[key] });
    }
    vi.spyOn(window, "scrollTo").mockImplementation(((options: ScrollToOptions) => scrollPageTo(options.top ?? 0, false)) as typeof window.scrollTo);
  });
  afterEach(() => vi.restoreAllMocks());

  it("follows the list as it grows while the view is at its end", () => {
    const { result } = renderHook(() => useStickToBottom("first"));
    expect(page.scrollTop).toBe(end());
    page.scrollHeight += 600;
    act(() => result.current.followIfPinned());
    expect(page.scrollTop).toBe(end());
  });

  it("stops following after a scroll up, even one whose scroll event has not come yet", () => {
    const { result } = renderHook(() => useStickToBottom("first"));
    expect(page.scrollTop).toBe(end());
    // Scrolled to the top; the list grows (messages rendered there are measured) before the
    // browser sends the scroll event.
    scrollPageTo(0, false);
    page.scrollHeight += 300;
    act(() => result.current.followIfPinned());
    expect(page.scrollTop).toBe(0);
    // The event comes: still not following, nor on the next growth.
    act(() => scrollPageTo(0, true));
    page.scrollHeight += 300;
    act(() => result.current.followIfPinned());
    expect(page.scrollTop).toBe(0);
  });

  it("follows again after a message is sent, and once the person scrolls back to the end", () => {
    const { result, rerender } = renderHook(({ lastUser }) => useStickToBottom(lastUser), { initialProps: { lastUser: "first" } });
    act(() => scrollPageTo(1000, true));
    page.scrollHeight += 300;
    act(() => result.current.followIfPinned());
    expect(page.scrollTop).toBe(1000);
    rerender({ lastUser: "second" });
    expect(page.scrollTop).toBe(end());

    act(() => scrollPageTo(1000, true));
    act(() => scrollPageTo(end(), true));
    page.scrollHeight += 300;
    act(() => result.current.followIfPinned());
    expect(page.scrollTop).toBe(end());
  });
});
