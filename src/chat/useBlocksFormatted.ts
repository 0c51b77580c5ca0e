import { useEffect, useState } from "react";

/**
 * About this much Markdown is parsed (and highlighted) in one frame: some four blocks of prose,
 * a table or a short code block. Counted in characters, not blocks, because parsing costs by
 * length. Measured with npm run bench (4,000 tokens as fast as the page takes them): at 500, no
 * task over 50 ms in 5 runs; at 1,500, a median longest task of 53 ms (and up to 75 ms).
 */
export const charactersPerFrame = 500;

/** Where a frame's formatting that starts at block `start` ends: at least one block, then as many as fit. */
export function endOfFrame(blocks: readonly string[], start: number): number {
  let end = start;
  let characters = 0;
  while (end < blocks.length) {
    characters += blocks[end]?.length ?? 0;
    if (end > start && characters > charactersPerFrame) break;
    end += 1;
  }
  return end;
}

/**
 * How many of a reply's blocks to format now; the others show as written until their frame. A
 * finished reply is formatted whole at first render (it opens complete). A streaming one, and a
 * burst of new blocks (a reply arriving faster than frames, or its end), gets a frame's worth at
 * a time, so no single task parses and highlights a long reply (seconds on a slow machine).
 */
export function useBlocksFormatted(blocks: readonly string[], streaming: boolean): number {
  const total = blocks.length;
  const [ready, setReady] = useState(() => (streaming ? endOfFrame(blocks, 0) : total));
  useEffect(() => {
    if (ready >= total) return;
    const frame = requestAnimationFrame(() => setReady((current) => endOfFrame(blocks, current)));
    return () => cancelAnimationFrame(frame);
  }, [ready, total, blocks]);
  // What is left fits in this frame: no need to wait for the next.
  return endOfFrame(blocks, ready) === total ? total : ready;
}
