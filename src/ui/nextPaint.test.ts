import { afterEach, describe, expect, it, vi } from "vitest";
import { afterNextPaint, beforeNextPaint, nextTask } from "./nextPaint";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("beforeNextPaint", () => {
  it("runs the callback once, in the frame, and drops the timer", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "requestAnimationFrame", "cancelAnimationFrame"] });
    const callback = vi.fn();
    beforeNextPaint(callback);
    vi.advanceTimersByTime(500);
    expect(callback).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("runs it from the timer when no frame comes (a hidden tab), and cancelled, not at all", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    vi.stubGlobal("requestAnimationFrame", () => 1);
    vi.stubGlobal("cancelAnimationFrame", () => undefined);
    const ran = vi.fn();
    const cancelled = vi.fn();
    beforeNextPaint(ran);
    beforeNextPaint(cancelled)();
    vi.advanceTimersByTime(99);
    expect(ran).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ran).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
  });
});

describe("afterNextPaint", () => {
  it("resolves in a task after the frame", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "requestAnimationFrame", "cancelAnimationFrame"] });
    let resolved = false;
    void afterNextPaint().then(() => (resolved = true));
    await vi.advanceTimersByTimeAsync(16);
    await vi.advanceTimersByTimeAsync(1);
    expect(resolved).toBe(true);
  });
});

describe("nextTask", () => {
  it("resolves in a later task, not among the current task's microtasks, and needs no timer", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setImmediate"] });
    let resolved = false;
    void nextTask().then(() => (resolved = true));
    for (let turn = 0; turn < 50; turn += 1) await Promise.resolve();
    expect(resolved).toBe(false);
    // No timer is involved (a chain of them is held to 4 ms each by browsers): with every timer
    // faked and none advanced, it still resolves.
    expect(vi.getTimerCount()).toBe(0);
    await vi.waitFor(() => expect(resolved).toBe(true));
  });
});
