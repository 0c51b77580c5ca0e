import { act, render } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

// A stand-in for the Markdown chunk, which arrives when the test says so, and tasks that begin
// when the test says so: each `nextTask()` waits for `tasks.runNext()`.
const chunk = vi.hoisted(() => {
  let deliver: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => {
    deliver = resolve;
  });
  return { arrived, deliver: () => deliver() };
});
const tasks = vi.hoisted(() => {
  const waiting: (() => void)[] = [];
  return { waiting, runNext: () => waiting.shift()?.() };
});
vi.mock("./MarkdownContent", async () => {
  await chunk.arrived;
  return {
    // As the real one: it registers the grammars and resolves in a task of its own.
    prepareHighlighting: () => new Promise<void>((resolve) => tasks.waiting.push(resolve)),
    MarkdownContent: ({ text }: { text: string }) => <div className="markdown">{text}</div>,
  };
});
vi.mock("../ui/nextPaint", () => ({
  nextTask: () => new Promise<void>((resolve) => tasks.waiting.push(resolve)),
}));
const { LazyMarkdownContent } = await import("./LazyMarkdownContent");

/** Lets promise chains and React's microtasks run. */
async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

describe("replies waiting for the Markdown chunk", () => {
  it("are formatted one per task once it is in, the newest first", async () => {
    const { container } = render(
      <>
        <LazyMarkdownContent text="first reply" streaming={false} />
        <LazyMarkdownContent text="second reply" streaming={false} />
        <LazyMarkdownContent text="third reply" streaming={false} />
      </>,
    );
    const formatted = () => [...container.querySelectorAll(".markdown")].map((element) => element.textContent);
    chunk.deliver();
    await settle();
    // The chunk's own two tasks first: evaluating it, then setting up the highlighter.
    expect(tasks.waiting).toHaveLength(1);
    tasks.runNext();
    await settle();
    tasks.runNext();
    await settle();
    expect(formatted()).toEqual(["third reply"]);

    tasks.runNext();
    await settle();
    expect(formatted()).toEqual(["second reply", "third reply"]);

    tasks.runNext();
    await settle();
    expect(formatted()).toEqual(["first reply", "second reply", "third reply"]);
  });
});
