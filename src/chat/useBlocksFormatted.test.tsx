import { render, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
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

  it("shows a finished reply formatted whole at once when it is not long", () => {
    const short = Array.from({ length: 8 }, (_, n) => table(n)).join("\n\n");
    expect(short.length).toBeLessThan(charactersAtOnce);
    const { container } = render(<MarkdownContent text={short} />);
    expect(container.querySelectorAll("table")).toHaveLength(8);
    expect(container.querySelectorAll(".md-waiting")).toHaveLength(0);
  });

  it("shows a long finished reply's end formatted at once, and the rest within a few frames, going up", async () => {
    expect(reply.length).toBeGreaterThan(charactersAtOnce * 1.5);
    const { container } = render(<MarkdownContent text={reply} />);
    const tables = () => [...container.querySelectorAll("table")];
    const above = () => container.querySelectorAll(".md-above").length;
    // The end is formatted now; the blocks above it keep their room, unseen, until their frame.
    expect(tables().length).toBeGreaterThan(0);
    expect(tables().length).toBeLessThan(40);
    expect(tables().length + above()).toBe(40);
    expect(tables().at(-1)?.textContent).toContain("Wind 39");
    expect(container.querySelector(".md-above")?.textContent).toContain("Wind 0");
    await waitFor(() => expect(tables()).toHaveLength(40));
    expect(container.querySelectorAll(".md-waiting")).toHaveLength(0);
  });
});
