/**
 * A Playwright reporter for `npm run bench`: collects the figures every bench test attaches,
 * writes bench/results/<YYYY-MM-DD>.json and prints the table. Alongside Playwright's list reporter.
 * A partial run (a failed benchmark, one file, -g, BENCH_RUNS) writes <YYYY-MM-DD>.partial.json
 * instead (not committed), so that a quick look never replaces the day's full results.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";
import { figuresAttachment, summarize } from "./figures";
import type { Figure, FiguresPayload } from "./figures";
import { commitFacts, coversEverySection, currentLoad, formatTable, inIssueOrder, localDate, machineFacts, roundedForFile } from "./report";
import type { BenchResults } from "./report";

const resultsDirectory = fileURLToPath(new URL("./results/", import.meta.url));

export default class BenchReporter implements Reporter {
  #figures: Figure[] = [];
  #failures: string[] = [];
  #chromium = "unknown";
  #startedAt = Date.now();
  #loadAtStart = currentLoad();

  onBegin(): void {
    this.#startedAt = Date.now();
    this.#loadAtStart = currentLoad();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== "passed") {
      const reason = result.error?.message?.split("\n")[0] ?? result.status;
      this.#failures.push(`${test.title}: ${reason}`);
    }
    for (const attachment of result.attachments) {
      if (attachment.name !== figuresAttachment || attachment.body === undefined) continue;
      const payload = JSON.parse(attachment.body.toString("utf8")) as FiguresPayload;
      this.#figures.push(...payload.figures);
      if (payload.browser) this.#chromium = payload.browser.chromiumVersion;
    }
  }

  onEnd(result: FullResult): void {
    const now = new Date();
    const figures = inIssueOrder(this.#figures.map(summarize));
    const results: BenchResults = {
      date: now.toISOString(),
      command: "npm run bench",
      commit: commitFacts(),
      machine: machineFacts(this.#chromium, this.#loadAtStart),
      durationSeconds: Math.round((Date.now() - this.#startedAt) / 1000),
      figures: figures.map(roundedForFile),
      failures: this.#failures,
    };
    const { machine, commit } = results;
    console.log(
      `\nTramontane bench — ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Chromium ${machine.chromium}, ` +
        `commit ${commit.hash.slice(0, 10)}${commit.uncommittedChanges ? " + uncommitted changes" : ""}, load average ${machine.loadAverage.atStart} → ${machine.loadAverage.atEnd}\n`,
    );
    console.log(formatTable(figures));
    if (this.#failures.length > 0) console.log(`\nFailed (figures missing):\n${this.#failures.map((failure) => `  - ${failure}`).join("\n")}`);
    if (figures.length === 0) {
      console.log(`\nNo figures: no results file written (${result.status}).`);
      return;
    }
    mkdirSync(resultsDirectory, { recursive: true });
    const complete = this.#failures.length === 0 && coversEverySection(figures) && process.env.BENCH_RUNS === undefined;
    const file = `${resultsDirectory}${localDate(now)}${complete ? "" : ".partial"}.json`;
    // Written whole, then renamed: an interrupted run never leaves half a results file.
    writeFileSync(`${file}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
    console.log(`\nWritten to ${file} (${result.status}, ${results.durationSeconds} s)`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
