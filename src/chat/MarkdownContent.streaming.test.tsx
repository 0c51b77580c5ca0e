import { render } from "@testing-library/react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MarkdownContent } from "./MarkdownContent";
import type * as MarkPlainTextEnd from "./markPlainTextEnd";
import { seededRandom } from "../test/seededRandom";

// Counts the parses of a block being written (markPlainTextEnd runs in each of them).
const streamingParses = vi.hoisted(() => ({ count: 0 }));
vi.mock("./markPlainTextEnd", async (importOriginal) => {
  const original = await importOriginal<typeof MarkPlainTextEnd>();
  return {
    ...original,
    markPlainTextEnd: () => {
      const mark = original.markPlainTextEnd();
      return (...args: Parameters<typeof mark>) => {
        streamingParses.count += 1;
        mark(...args);
      };
    },
  };
});

/*
 * While a reply streams, its last block is not parsed again when only plain prose was added: the
 * addition is shown after the block's last text (plainTextToAppend, markPlainTextEnd). These tests
 * stream replies a few characters at a time and check, after every step, that the reply shows
 * exactly what a fresh parse of the same text shows.
 */

const richReply = [
  "## Part 1: streaming\n\n",
  "When the model is **streaming** the page must keep up, so each step below is *short* and uses `streamingStep1` to show the idea. ",
  "It costs 3 ms (or so) per frame - well, mostly.\n\n",
  "- First, measure what the streaming costs today\n- Then change one thing at a time\n  - keep the old numbers\n  - compare the medians\n- Finally, write down what changed\n\n",
  "1. Open the page\n2. Send a message\n3. Watch the frames\n\n",
  "- [ ] not done yet\n- [ ] still to do\n\n",
  "| Rate | Cost | Note |\n| --- | ---: | :-: |\n| 50 tokens/s | 4.6 ms | slow frames |\n| 200 tokens/s | 2.4 ms | better than most |\n\n",
  "> A quote that goes on for a while, with **bold** inside and more words after it\n> on a second line too\n\n",
  "Plain prose that has no syntax at all, written by a model that likes long sentences and commas, many of them, until the end\n\n",
  "```ts\nconst x = 1;\n```\n\n",
  "A closing paragraph, then a hard break  \nand a last line with _emphasis_ and ~~struck~~ words.",
].join("");

const trickyReplies = [
  "Go to www.example.com for more, or see www.example.org today",
  "Write to foo@bar.com or to someone@example.org please",
  "Visit https://example.com/path and http://x.y now",
  "2019. Then 1) what happened",
  "Before the rule\n\n---\n\nafter the rule",
  "Setext heading\n===\n\nand more",
  "A [link](https://example.com) and [another](https://example.org \"title\") with text after",
  "Entities: &amp; &copy and &#123; then &lt;b&gt; words",
  "snake_case_name and __bold__x and __bold__ then text",
  "Escapes: foo\\. bar\\* baz \\\\ end",
  "# Title #\n\n## Another ##   ",
  "Hash #tag and issue #8 and C# code",
  "- a\n  - b c\n    - d e f\n- g h",
  "1. one\n2. two three\n   continued line here",
  "A line with trailing spaces   \nand a hard break above",
  "Text with a footnote[^1] and more words.\n\n[^1]: The note itself, with words",
  "Ref [link][id] later.\n\n[id]: https://example.com",
  "a < b > c and <not html> and <https://example.com> autolink",
  "Emoji 😀 and CJK 風が強い and math 3/4 = 0.75; ok",
  "Inline `code with spaces` and ``double `tick` code`` after",
  "| a | b\n| - | -\n| c | d e f g",
  "Term\n: not a definition list\n\n* star list item\n* another one here",
  "Indented code below\n\n    code line one\n    code line two",
  "Tabs\tbetween\twords\tand more",
  "100% (approximately) sure, isn't it? \"Quoted\" text!",
  "After **bold**x and *em*y and `code`z and ~~del~~w and __under__v the words go on",
  "After **bold** then *em* then `code` then [a link](https://example.com) then www.example.com then words",
  "| a | b | c |\n| - | - | - |\n| one two | three\n| four",
  "- [ ] a task with words\n- [x] a done task with words\n[ ] not a task\n\n[x]: https://example.com\n\n[ ] words",
];

/** The text's prefixes as a stream delivers them: `maxChunk` characters at most per step. */
function prefixes(text: string, maxChunk: number, seed: number): string[] {
  const next = seededRandom(seed);
  const steps: string[] = [];
  for (let end = 0; end < text.length; ) {
    end = Math.min(text.length, end + 1 + Math.floor(next() * maxChunk));
    steps.push(text.slice(0, end));
  }
  return steps;
}

function freshHtml(text: string): string {
  const { container, unmount } = render(<MarkdownContent text={text} streaming />);
  const html = container.innerHTML;
  unmount();
  return html;
}

/** Streams `text` into one MarkdownContent; returns how many times its block being written was parsed. */
function streamAndCompare(text: string, maxChunk: number, seed: number): number {
  const view = render(<MarkdownContent text="" streaming />);
  let parses = 0;
  for (const prefix of prefixes(text, maxChunk, seed)) {
    const parsesBefore = streamingParses.count;
    view.rerender(<MarkdownContent text={prefix} streaming />);
    parses += streamingParses.count - parsesBefore;
    expect(view.container.innerHTML, `after ${JSON.stringify(prefix.slice(-40))}`).toBe(freshHtml(prefix));
  }
  view.unmount();
  return parses;
}

describe("MarkdownContent while a reply streams", () => {
  // A burst of new blocks is formatted a few per frame (useBlocksFormatted): here every frame
  // comes at once, so each step shows the whole reply formatted, as a fresh render does.
  beforeAll(() => {
    vi.stubGlobal("requestAnimationFrame", (callback: FrameRequestCallback) => {
      callback(performance.now());
      return 0;
    });
    vi.stubGlobal("cancelAnimationFrame", () => undefined);
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });

  it.each([3, 8])("shows a rich reply exactly as a fresh parse would, at every step (chunks of up to %i characters)", (maxChunk) => {
    const steps = prefixes(richReply, maxChunk, maxChunk).length;
    const parses = streamAndCompare(richReply, maxChunk, maxChunk);
    // Most steps add prose: they are shown without parsing the block again (without that: 350
    // parses in 465 steps, 170 in 215; with it, 127 and 75).
    expect(parses).toBeLessThan(steps / 2);
  }, 30_000);

  // The endings plainTextToAppend can lengthen without a parse: words added to each of these,
  // one at a time, are shown as a parse would show them, and the block is parsed once, at first.
  it.each([
    ["a table row shorter than its table", "| a | b | c |\n| - | - | - |\n| one"],
    ["a task", "- [ ] Review"],
    ["bold text", "When the model is **streaming**"],
    ["inline code", "It uses `streamingStep0`"],
    ["a link", "See [the guide](https://example.com)"],
  ])("lengthens %s without parsing it again", (_, start) => {
    const view = render(<MarkdownContent text={start} streaming />);
    const parsesBefore = streamingParses.count;
    let text = start;
    for (const word of [" the", " page", " keeps", " up"]) {
      text += word;
      view.rerender(<MarkdownContent text={text} streaming />);
      expect(view.container.innerHTML).toBe(freshHtml(text));
    }
    // freshHtml parses each text once in a view of its own.
    expect(streamingParses.count - parsesBefore).toBe(4);
    view.unmount();
  });

  it.each(trickyReplies)("shows %j exactly as a fresh parse would, at every step", (reply) => {
    streamAndCompare(reply, 1, 7);
    streamAndCompare(reply, 5, 11);
  });
});
