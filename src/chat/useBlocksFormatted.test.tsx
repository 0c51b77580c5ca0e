import { act, render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MarkdownContent } from "./MarkdownContent";
import { charactersAtOnce, charactersPerFrame, endOfFrame, startBefore } from "./useBlocksFormatted";

const block = (length: number) => "x".repeat(length);

describe("endOfFrame", () => {
  it("takes blocks while they fit in a frame's characters", () => {
    const third = Math.floor(charactersPerFrame / 3);
    const blocks = [block(third), block(third), block(third), block(third), block(10)];
    expect(endOfFrame(blocks, 0)).toBe(3);
    expect(endOfFrame(blocks, 3)).toBe(5);
    expect(endOfFrame(blocks, 5)).toBe(5);
  });

  it("always takes at least one block, however long", () => {
    expect(endOfFrame([block(charactersPerFrame * 3), block(1)], 0)).toBe(1);
  });
});

describe("startBefore", () => {
  it("takes the blocks before `end` while they fit, going up", () => {
    const third = Math.floor(charactersPerFrame / 3);
    const blocks = [block(10), block(third), block(third), block(third), block(third)];
    expect(startBefore(blocks, 5, charactersPerFrame)).toBe(2);
    expect(startBefore(blocks, 2, charactersPerFrame)).toBe(0);
    expect(startBefore(blocks, 0, charactersPerFrame)).toBe(0);
  });

  it("always takes at least one block, however long", () => {
    expect(startBefore([block(1), block(charactersPerFrame * 3)], 2, charactersPerFrame)).toBe(1);
  });
});

describe("MarkdownContent formats a long burst a frame at a time", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });
  // 40 blocks of a table each: far more than one frame's worth.
  const table = (n: number) => `| Wind ${n} | Region |\n| --- | --- |\n| Mistral | Rhône valley and the coast |\n| Tramontane | Roussillon and Languedoc |`;
  const reply = Array.from({ length: 40 }, (_, n) => table(n)).join("\n\n");

  it("shows a streaming burst as written first, then every block formatted within a few frames", async () => {
    const { container } = render(<MarkdownContent text={reply} streaming />);
    const tables = () => container.querySelectorAll("table").length;
    const waiting = () => container.querySelectorAll(".md-waiting").length;
    expect(tables()).toBeGreaterThan(0);
    expect(tables()).toBeLessThan(40);
    expect(tables() + waiting()).toBe(40);
    // Every table's text is on screen meanwhile, as written.
    expect(container.textContent).toContain("Wind 39");
    // The last block, still being written, is formatted too (only not highlighted).
    await waitFor(() => expect(tables()).toBe(40));
    expect(waiting()).toBe(0);
  });

  it("shows a finished reply of a few hundred tokens formatted whole at once, never unseen", () => {
    // Some 2,400 characters: several frames' worth, but not long.
    const short = Array.from({ length: 20 }, (_, n) => table(n)).join("\n\n");
    expect(short.length).toBeGreaterThan(charactersPerFrame * 4);
    expect(short.length).toBeLessThan(charactersAtOnce);
    const { container } = render(<MarkdownContent text={short} />);
    expect(container.querySelectorAll("table")).toHaveLength(20);
    expect(container.querySelectorAll(".md-waiting")).toHaveLength(0);
    expect(container.querySelector(".md-filling")).toBeNull();
  });

  /** Animation frames run when the test says: `nextFrame` runs the callbacks waiting for one. */
  function stubFrames() {
    let waiting = new Map<number, FrameRequestCallback>();
    let lastId = 0;
    vi.stubGlobal("requestAnimationFrame", (callback: FrameRequestCallback) => {
      lastId += 1;
      waiting.set(lastId, callback);
      return lastId;
    });
    vi.stubGlobal("cancelAnimationFrame", (id: number) => waiting.delete(id));
    return () =>
      act(() => {
        const callbacks = [...waiting.values()];
        waiting = new Map();
        for (const callback of callbacks) callback(performance.now());
      });
  }

  it("shows a long finished reply's end first, then the rest a frame at a time, going up", () => {
    expect(reply.length).toBeGreaterThan(charactersAtOnce * 1.5);
    const nextFrame = stubFrames();
    // jsdom lays nothing out: every box is 0 px tall, so any end fills a window 0 px tall.
    vi.spyOn(window, "innerHeight", "get").mockReturnValue(0);
    const { container } = render(<MarkdownContent text={reply} />);
    const tables = () => [...container.querySelectorAll("table")];
    const above = () => container.querySelectorAll(".md-above").length;
    // The end is formatted now; the blocks above it wait for their frame, not in the page: one
    // empty marker stands for them.
    expect(tables().length).toBeGreaterThan(0);
    expect(tables().length).toBeLessThan(10);
    expect(tables().at(-1)?.textContent).toContain("Wind 39");
    expect(above()).toBe(1);
    expect(container.querySelector(".md-above")?.textContent).toBe("");
    expect(container.textContent).not.toContain("Wind 0 ");
    expect(container.textContent).not.toContain(`Wind ${39 - tables().length} `);
    // Unseen until a frame has laid the end out and found it fills the window (here at once).
    expect(container.querySelector(".md-filling")).not.toBeNull();
    const atFirst = tables().length;
    nextFrame();
    expect(container.querySelector(".md-filling")).toBeNull();
    expect(tables().length).toBeGreaterThan(atFirst);
    for (let frame = 0; frame < 40 && above() > 0; frame += 1) nextFrame();
    expect(tables()).toHaveLength(40);
    expect(container.querySelectorAll(".md-waiting")).toHaveLength(0);
  });

  it("keeps a long finished reply unseen until its formatted end is as tall as the window", () => {
    const nextFrame = stubFrames();
    // Every box is 0 px tall here: the end never fills the window, until nothing waits above it.
    vi.spyOn(window, "innerHeight", "get").mockReturnValue(720);
    const { container } = render(<MarkdownContent text={reply} />);
    const above = () => container.querySelectorAll(".md-above").length;
    for (let frame = 0; frame < 40 && above() > 0; frame += 1) {
      nextFrame();
      expect(container.querySelector(".markdown.md-filling")).not.toBeNull();
    }
    expect(above()).toBe(0);
    nextFrame();
    expect(container.querySelector(".md-filling")).toBeNull();
    expect(container.querySelectorAll("table")).toHaveLength(40);
  });
});
