import { startTransition, useEffect, useState } from "react";
import type { RefObject } from "react";

/**
 * About this much Markdown is parsed (and highlighted) in one frame: some four blocks of prose,
 * a table or a short code block. Counted in characters, not blocks, because parsing costs by
 * length. Measured with npm run bench (4,000 tokens as fast as the page takes them): at 500, no
 * task over 50 ms in 5 runs; at 1,500, a median longest task of 53 ms (and up to 75 ms).
 */
export const charactersPerFrame = 500;

/**
 * A finished reply up to this long is formatted whole when it is shown: a reply of a few hundred
 * tokens appears complete, with no frame without it. A longer one has its end formatted first (a
 * chat opens at its end, and a reply scrolled back to shows its end first), a frame's worth, then
 * the rest a frame's worth at a time, going up. Formatting 14,000 characters (4,000 tokens) at
 * once was a 300–450 ms task on opening the chat, here, and its last 3,000 characters at once
 * still over 200 ms on a start, when the Markdown code runs for the first time.
 */
export const charactersAtOnce = 3000;

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

/** Where formatting that ends just before block `end` starts: at least one block, then as many before it as `characters` allow. */
export function startBefore(blocks: readonly string[], end: number, characters: number): number {
  let start = end;
  let taken = 0;
  while (start > 0) {
    taken += blocks[start - 1]?.length ?? 0;
    if (start < end && taken > characters) break;
    start -= 1;
  }
  return start;
}

/** The blocks to format now, [from, to); the others wait for their frame. */
export interface BlocksFormatted {
  from: number;
  to: number;
  /**
   * A long finished reply whose formatted end is not yet as tall as the window: shown at once,
   * it would show where the blocks still waiting above that end go. It stays unseen until the end
   * fills the window, a few frames.
   */
  filling: boolean;
}

/**
 * Which of a reply's blocks to format now. A finished reply is formatted whole at first render
 * (it opens complete), unless it is long: then its end first, and the blocks before it going up,
 * a frame's worth at a time, the reply unseen until its formatted end fills the window. A
 * streaming one, and a burst of new blocks (a reply arriving faster than frames, or its end),
 * gets a frame's worth at a time, going down. So no single task parses and highlights a long
 * reply (seconds on a slow machine). `container` is the element that holds the blocks.
 */
export function useBlocksFormatted(blocks: readonly string[], streaming: boolean, container: RefObject<HTMLElement | null>): BlocksFormatted {
  const total = blocks.length;
  const [ready, setReady] = useState(() => (streaming ? endOfFrame(blocks, 0) : total));
  const [from, setFrom] = useState(() => {
    if (streaming) return 0;
    const long = startBefore(blocks, total, charactersAtOnce) > 0;
    return long ? startBefore(blocks, total, charactersPerFrame) : 0;
  });
  const [filling, setFilling] = useState(from > 0);
  useEffect(() => {
    if (ready >= total) return;
    const frame = requestAnimationFrame(() => setReady((current) => endOfFrame(blocks, current)));
    return () => cancelAnimationFrame(frame);
  }, [ready, total, blocks]);
  useEffect(() => {
    if (from === 0 && !filling) return;
    const frame = requestAnimationFrame(() => {
      // Measured before this frame's formatting, so what the last frames formatted is laid out.
      // The blocks waiting above take no room: the reply's height is its formatted end's.
      const height = container.current?.getBoundingClientRect().height;
      if (from === 0 || height === undefined || height >= window.innerHeight) setFilling(false);
      // A transition: React yields to the browser between the blocks it parses, so a frame's
      // worth that parses slowly (code running for the first time, on a start) is not one long
      // task. Not for the blocks going down: those follow a streaming reply, whose every token
      // would interrupt the transition and start its render again.
      if (from > 0) startTransition(() => setFrom((current) => startBefore(blocks, Math.min(current, blocks.length), charactersPerFrame)));
    });
    return () => cancelAnimationFrame(frame);
  }, [from, filling, blocks, container]);
  // What is left fits in this frame: no need to wait for the next.
  return { from: Math.min(from, total), to: endOfFrame(blocks, ready) === total ? total : ready, filling };
}
