import { afterEach, describe, expect, it, vi } from "vitest";
import { beforeNextPaint } from "../ui/nextPaint";
import { coalesceTextByFrame } from "./coalesceTextByFrame";

/** A scheduler the test runs by hand, like one animation frame. */
function manualFrames() {
  const callbacks: (() => void)[] = [];
  return {
    schedule: (callback: () => void) => {
      callbacks.push(callback);
      return () => callbacks.splice(callbacks.indexOf(callback), 1);
    },
    runFrame: () => callbacks.splice(0).forEach((callback) => callback()),
    pending: () => callbacks.length,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("coalesceTextByFrame", () => {
  it("applies the tokens of one frame together, once, in order", () => {
    const frames = manualFrames();
    const applied: string[] = [];
    const coalescer = coalesceTextByFrame((text) => applied.push(text), frames.schedule);
    for (const token of ["Hel", "lo", ", ", "world"]) coalescer.push(token);
    expect(applied).toEqual([]);
    expect(frames.pending()).toBe(1);
    frames.runFrame();
    expect(applied).toEqual(["Hello, world"]);
    coalescer.push("!");
    frames.runFrame();
    expect(applied).toEqual(["Hello, world", "!"]);
  });

  it("hands on what waits at once on flush, and nothing twice", () => {
    const frames = manualFrames();
    const applied: string[] = [];
    const coalescer = coalesceTextByFrame((text) => applied.push(text), frames.schedule);
    coalescer.push("Partial");
    coalescer.flush();
    expect(applied).toEqual(["Partial"]);
    // The frame it had asked for is cancelled.
    expect(frames.pending()).toBe(0);
    coalescer.flush();
    frames.runFrame();
    expect(applied).toEqual(["Partial"]);
  });

  it("uses a timer as well, for tabs that get no animation frames", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    // A hidden tab: frames are asked for and never come.
    vi.stubGlobal("requestAnimationFrame", () => 1);
    vi.stubGlobal("cancelAnimationFrame", () => undefined);
    try {
      const applied: string[] = [];
      const coalescer = coalesceTextByFrame((text) => applied.push(text), beforeNextPaint);
      coalescer.push("hidden ");
      coalescer.push("tab");
      vi.advanceTimersByTime(99);
      expect(applied).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(applied).toEqual(["hidden tab"]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("runs once when the frame comes first: the timer is cancelled", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "requestAnimationFrame", "cancelAnimationFrame"] });
    const applied: string[] = [];
    const coalescer = coalesceTextByFrame((text) => applied.push(text), beforeNextPaint);
    coalescer.push("visible tab");
    vi.advanceTimersByTime(20);
    expect(applied).toEqual(["visible tab"]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
