/**
 * A Markdown-rich reply cut into exactly N small tokens (a few characters each, as a model's
 * tokens are): headings, paragraphs with emphasis and inline code, bullet, numbered and task
 * lists, tables, block quotes and fenced code in several languages.
 *
 * Each token also says how many letters (A–Z, a–z) the rendered reply shows once that token is
 * in: Markdown syntax is punctuation, so the letters of the source are the letters on screen,
 * except a code fence's language name, which is written as "invisible" here (the app shows it in
 * the code block's bar, which the probe leaves out). That is how the probe tells which token a
 * painted frame has reached. The text avoids what would break this: links, images, HTML, entities,
 * checked task boxes ("[x]" has a letter that turns into a checkbox) and four-space indents.
 */

interface Segment {
  text: string;
  /** False for text whose letters the rendered reply does not show (a fence's language name). */
  lettersShown: boolean;
}

const topics = ["streaming", "caching", "retries", "sampling", "batching", "profiling", "tokenizing", "rendering"];

const codeSamples: { language: string; lines: (topic: string, n: number) => string[] }[] = [
  {
    language: "ts",
    lines: (topic, n) => [
      `export async function ${topic}Step${n}(input: ReadonlyArray<string>): Promise<number> {`,
      "  let total = 0;",
      "  for (const item of input) {",
      "    total += item.trim().length;",
      "  }",
      `  return total * ${n + 2};`,
      "}",
    ],
  },
  {
    language: "python",
    lines: (topic, n) => [
      `def ${topic}_step_${n}(items: list[str]) -> dict[str, int]:`,
      "    counts: dict[str, int] = {}",
      "    for item in items:",
      "        counts[item] = counts.get(item, 0) + 1",
      `    return {key: value * ${n + 1} for key, value in counts.items()}`,
    ],
  },
  {
    language: "rust",
    lines: (topic, n) => [
      `fn ${topic}_step_${n}(values: &[u32]) -> u64 {`,
      "    values.iter().map(|v| u64::from(*v)).filter(|v| v % 2 == 0).sum()",
      "}",
    ],
  },
  {
    language: "bash",
    lines: (topic, n) => [`for run in $(seq 1 ${n + 3}); do`, `  echo "${topic} run $run"`, "  sleep 0.1", "done"],
  },
  {
    language: "json",
    lines: (topic, n) => ["{", `  "topic": "${topic}",`, `  "step": ${n},`, '  "enabled": true,', '  "tags": ["fast", "local"]', "}"],
  },
];

function shown(text: string): Segment {
  return { text, lettersShown: true };
}

function codeBlock(sample: (typeof codeSamples)[number], topic: string, n: number): Segment[] {
  return [shown("```"), { text: `${sample.language}\n`, lettersShown: false }, shown(`${sample.lines(topic, n).join("\n")}\n\`\`\`\n\n`)];
}

/** One section of the reply; `n` varies the wording so that sections are not copies of each other. */
function section(n: number): Segment[] {
  const topic = topics[n % topics.length];
  const first = codeSamples[n % codeSamples.length];
  const second = codeSamples[(n + 2) % codeSamples.length];
  return [
    shown(`## Part ${n + 1}: ${topic}\n\n`),
    shown(`When the model is **${topic}** the page must keep up, so each step below is *short* and uses \`${topic}Step${n}\` to show the idea.\n\n`),
    shown(`- First, measure what the ${topic} costs today\n- Then change one thing at a time\n  - keep the old numbers\n  - compare the medians\n- Finally, write down what changed\n\n`),
    ...codeBlock(first, topic, n),
    shown(`| Setting | Before | After |\n| --- | ---: | ---: |\n| ${topic} on | slow | fast |\n| ${topic} off | steady | steady |\n| mixed load | bursty | smooth |\n\n`),
    shown(`1. Open the settings\n2. Pick the ${topic} option\n3. Run the check again\n\n`),
    ...codeBlock(second, topic, n),
    shown(`- [ ] Review the ${topic} numbers\n- [ ] Share them with the team\n\n`),
    shown(`> Note: ${topic} is only one part of the story; the rest is in the next part.\n\n`),
  ];
}

/** Splits text into tokens of one to four visible characters, each with the whitespace before it. */
function splitIntoTokens(text: string): string[] {
  return text.match(/\s*\S{1,4}|\s+/g) ?? [];
}

function countLetters(text: string): number {
  return (text.match(/[A-Za-z]/g) ?? []).length;
}

export interface MarkdownReply {
  tokens: string[];
  /** After token i, the rendered reply shows this many letters (cumulative, one entry per token). */
  lettersAfterToken: number[];
  /** The same for a page that shows the reply's source as plain text (the floor page). */
  sourceLettersAfterToken: number[];
}

function cumulative(counts: number[]): number[] {
  let total = 0;
  return counts.map((count) => (total += count));
}

export function markdownReply(tokenCount: number): MarkdownReply {
  const tokens: string[] = [];
  const letters: number[] = [];
  for (let n = 0; tokens.length < tokenCount; n += 1) {
    for (const segment of section(n)) {
      for (const token of splitIntoTokens(segment.text)) {
        tokens.push(token);
        letters.push(segment.lettersShown ? countLetters(token) : 0);
      }
    }
  }
  tokens.length = tokenCount;
  letters.length = tokenCount;
  return { tokens, lettersAfterToken: cumulative(letters), sourceLettersAfterToken: cumulative(tokens.map(countLetters)) };
}

/** A shorter Markdown answer for seeded history: a paragraph, a list, a small code block. */
export function historyReply(n: number): string {
  const topic = topics[n % topics.length];
  const sample = codeSamples[n % codeSamples.length];
  return [
    `Here is how **${topic}** works in step ${n}: keep it *simple* and measure with \`${topic}Step${n}\`.`,
    "",
    `- check the ${topic} inputs`,
    "- compare before and after",
    "",
    `\`\`\`${sample.language}`,
    ...sample.lines(topic, n),
    "```",
  ].join("\n");
}

export function historyQuestion(n: number): string {
  return `Question ${n}: how should I handle ${topics[n % topics.length]} when the reply is long?`;
}
