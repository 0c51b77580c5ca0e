import { describe, expect, it } from "vitest";
import { benchmarkFileName, benchmarkRunsToCsv, benchmarkRunsToJson, csvCell, csvColumns } from "./benchmarkExport";
import type { BenchmarkRun } from "./runBenchmark";

const run: BenchmarkRun = {
  id: "run-1",
  startedAt: Date.UTC(2025, 0, 2, 3, 4, 5),
  finishedAt: Date.UTC(2025, 0, 2, 3, 5, 0),
  cancelled: false,
  targets: [
    {
      kind: "mistral-api",
      label: "Mistral API",
      model: "mistral-small-latest",
      prompts: [
        {
          promptId: "fact",
          timeToFirstTokenMs: 312.456,
          totalMs: 800,
          completionTokens: 12,
          completionTokensEstimated: false,
          promptTokens: 14,
          decodeTokensPerSecond: 40.123,
          decodeMeasuredBy: "engine",
          prefillTokensPerSecond: 44.8,
          prefillEstimated: true,
          finishReason: "stop",
        },
      ],
      error: 'Server said "no", twice,\nthen gave up.',
      failedPromptId: "explain",
    },
    {
      kind: "self-hosted",
      label: "Your server",
      model: "=HYPERLINK(\"http://x\")",
      prompts: [{ promptId: "fact", totalMs: 10, completionTokens: 3, completionTokensEstimated: true, prefillEstimated: false }],
    },
  ],
};

/** Splits CSV text into rows of cells, honouring quotes: what a spreadsheet reads back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    const next = text[index + 1];
    if (quoted && char === '"' && next === '"') {
      cell += '"';
      index++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && char === "\r" && next === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      index++;
    } else {
      cell += char;
    }
  }
  return rows;
}

describe("csvCell", () => {
  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(" padded")).toBe('" padded"');
  });

  it("writes numbers rounded to two decimals, booleans as words, and nothing for missing values", () => {
    expect(csvCell(40.126)).toBe("40.13");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(undefined)).toBe("");
  });

  it("keeps a spreadsheet from running text as a formula", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-2")).toBe("'-2");
  });
});

describe("benchmarkRunsToCsv", () => {
  it("has a header, then one row per target per prompt and one per failure, that read back intact", () => {
    const text = benchmarkRunsToCsv([run]);
    expect(text.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...csvColumns]);
    expect(rows).toHaveLength(4);
    const record = (row: string[]) => Object.fromEntries(csvColumns.map((column, index) => [column, row[index]]));
    expect(record(rows[1])).toMatchObject({
      run_id: "run-1",
      run_started_at: "2025-01-02T03:04:05.000Z",
      run_cancelled: "false",
      engine: "Mistral API",
      engine_kind: "mistral-api",
      model: "mistral-small-latest",
      prompt_id: "fact",
      time_to_first_token_ms: "312.46",
      decode_tokens_per_s: "40.12",
      decode_measured_by: "engine",
      prefill_estimated: "true",
      finish_reason: "stop",
      error: "",
    });
    expect(record(rows[2])).toMatchObject({ engine: "Mistral API", prompt_id: "explain", total_ms: "", error: 'Server said "no", twice,\nthen gave up.' });
    expect(record(rows[3])).toMatchObject({ engine: "Your server", model: "'=HYPERLINK(\"http://x\")", completion_tokens_estimated: "true", time_to_first_token_ms: "" });
    expect(rows.every((row) => row.length === csvColumns.length)).toBe(true);
  });

  it("is only the header when nothing was kept", () => {
    expect(benchmarkRunsToCsv([])).toBe(`${csvColumns.join(",")}\r\n`);
  });
});

describe("benchmarkRunsToJson", () => {
  it("holds the runs as kept, with the prompts and settings they were measured with", () => {
    const file = JSON.parse(benchmarkRunsToJson([run], new Date(Date.UTC(2025, 5, 1)))) as Record<string, unknown>;
    expect(file).toMatchObject({ format: "tramontane-benchmark", version: 1, exportedAt: "2025-06-01T00:00:00.000Z", sampling: { temperature: 0, topP: 1, maxTokens: 128 } });
    expect(file.runs).toEqual([run]);
    expect(file.prompts).toHaveLength(3);
  });

  it("names files by date", () => {
    expect(benchmarkFileName("csv", new Date(Date.UTC(2025, 5, 1, 12)))).toBe("tramontane-benchmark-2025-06-01.csv");
  });
});
