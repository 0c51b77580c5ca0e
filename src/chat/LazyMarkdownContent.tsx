import { startTransition, useEffect, useState } from "react";
import type { ComponentType } from "react";
import { nextTask } from "../ui/nextPaint";

function PlainText({ text }: { text: string }) {
  return text;
}

/** How long a reply waits for the Markdown chunk before showing its text unformatted. */
export const unformattedAfterMs = 1000;

/**
 * A reply whose Markdown chunk is still loading (on every start: the chunk is not on the first
 * screen) shows nothing for a moment, not its raw Markdown (`**`, code fences) reflowing into
 * formatting a few hundred milliseconds later. If the chunk is slow (a first visit on a slow
 * network), the text as written shows after unformattedAfterMs: words beat a blank.
 */
function UnformattedAfterDelay({ text }: { text: string }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), unformattedAfterMs);
    return () => clearTimeout(timer);
  }, []);
  return shown ? text : null;
}

type MarkdownComponent = ComponentType<{ text: string; streaming?: boolean }>;

/*
 * Markdown (parser, GFM, highlighter) is a lazy chunk so the first screen does not wait for it.
 * If that chunk cannot load (e.g. offline after an update replaced it), replies stay plain text
 * rather than taking the conversation down with them. Not React.lazy with Suspense: React holds a
 * revealed boundary back for some 300 ms after its fallback showed, so every reply on screen at
 * start, and every chat opened before the chunk was in, would wait that long for text that is
 * ready. Replies waiting for the chunk re-render as soon as it is in.
 */
let loadedMarkdownContent: MarkdownComponent | undefined;
let markdownLoading: Promise<void> | undefined;
const markdownListeners = new Set<() => void>();

function loadMarkdownContent(): Promise<void> {
  markdownLoading ??= import("./MarkdownContent")
    .then(async (module): Promise<MarkdownComponent> => {
      // Evaluating the chunk, registering the highlighter's grammars (a few per task) and
      // formatting the replies on screen take tens of milliseconds: in tasks of their own, the
      // page answers input between. The registration ends in a task of its own already.
      await nextTask();
      await module.prepareHighlighting();
      return module.MarkdownContent;
    })
    .catch((): MarkdownComponent => PlainText)
    .then(async (component) => {
      loadedMarkdownContent = component;
      // Each reply waiting on screen is formatted in a task of its own: together, a chat's
      // replies were one task of 50–70 ms here (each takes tens of milliseconds to parse, and
      // each code language is highlighted slowly the first time). The newest first: a chat
      // opens at its end.
      for (const listener of [...markdownListeners].reverse()) {
        if (!markdownListeners.has(listener)) continue;
        listener();
        await nextTask();
      }
    });
  return markdownLoading;
}

/**
 * A reply's Markdown, formatted as soon as the chunk is in; fetches it if nobody has yet. A
 * finished reply's first formatting is a transition: its render parses block after block, every
 * one for the first time (tens of milliseconds for a screenful, on a start), and React yields to
 * the browser between blocks instead of holding the page for all of them. Not a streaming one:
 * each of its tokens would interrupt the transition and start its render again.
 */
export function LazyMarkdownContent({ text, streaming }: { text: string; streaming: boolean }) {
  const [Loaded, setLoaded] = useState(() => loadedMarkdownContent);
  useEffect(() => {
    if (Loaded) return;
    const show = () => setLoaded(() => loadedMarkdownContent);
    const listener = streaming ? show : () => startTransition(show);
    markdownListeners.add(listener);
    // In between this render and this effect, the chunk may have come in.
    if (loadedMarkdownContent) listener();
    else void loadMarkdownContent();
    return () => {
      markdownListeners.delete(listener);
    };
  }, [Loaded, streaming]);
  if (!Loaded) return <UnformattedAfterDelay text={text} />;
  // Not a component made in render: the chunk's own, the same one from the moment it is in.
  return <Loaded text={text} streaming={streaming} />;
}

/** Fetches the Markdown chunk ahead of the first reply, so that reply renders formatted at once. */
export function preloadMarkdown(): void {
  void loadMarkdownContent();
}
