import { render, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { MarkdownContent } from "./MarkdownContent";
import { charactersPerFrame, endOfFrame } from "./useBlocksFormatted";

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

  it("shows a finished reply formatted whole at once", () => {
    const { container } = render(<MarkdownContent text={reply} />);
    expect(container.querySelectorAll("table")).toHaveLength(40);
  });
});
