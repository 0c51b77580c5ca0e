import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { connectToFakeApi, expect, savedState, test } from "./appTest";

const reply = (words: string[], holdAfter?: number) => ({ type: "reply" as const, tokens: words, firstTokenDelayMs: 80, tokenDelayMs: 15, holdAfter });

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function openBenchmark(page: Page) {
  await page.getByRole("button", { name: "Benchmark", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Benchmark" });
  await expect(dialog).toBeVisible();
  return dialog;
}

test("the benchmark measures the Mistral API on three prompts, shows a table and a chart, keeps the run and exports it", async ({ page, fakeApi }, testInfo) => {
  // Two axe scans and a reload: about 18 s alone, more beside the rest of the suite.
  test.slow();
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  const dialog = await openBenchmark(page);
  await expect(dialog.getByRole("button", { name: "Run benchmark" })).toBeFocused();

  // Every engine is listed: the one set up ticked, the others with what to set up.
  await expect(dialog.getByRole("checkbox", { name: /Mistral API — mistral-small-latest/ })).toBeChecked();
  const notSetUp = dialog.getByRole("list", { name: "Engines not set up" });
  await expect(notSetUp).toContainText("Your server: pick one of your server's models in Settings");
  await expect(notSetUp).toContainText("This device's GPU: download a model in Settings");
  await expect(notSetUp).toContainText("This device's CPU: download or open a GGUF model");

  // The second reply waits, so the progress can be seen.
  fakeApi.enqueue(reply(["Paris", " is", " the", " capital."]), reply(["Light", " bends", " in", " drops", "."], 2), reply(["def", " f", "():", " pass"]));
  await dialog.getByRole("button", { name: "Run benchmark" }).click();
  const status = dialog.getByRole("status");
  await expect(status).toHaveText("Mistral API — prompt 2 of 3");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  fakeApi.release();
  await expect(status).toHaveText("Finished: 1 of 1 engine measured.");

  // Each prompt was sent alone, at temperature 0, capped at 128 tokens.
  const bodies = fakeApi.chatRequests().map((request) => request.body as { messages: unknown[]; temperature: number; max_tokens: number; top_p: number });
  expect(bodies).toHaveLength(3);
  for (const body of bodies) expect(body).toMatchObject({ temperature: 0, top_p: 1, max_tokens: 128, messages: [{ role: "user" }] });

  const table = dialog.getByRole("table");
  await expect(table.getByRole("columnheader")).toHaveText(["Engine", "Model", "First token", "Prefill tokens/s", "Decode tokens/s", "Total time"]);
  const row = table.getByRole("row", { name: /Mistral API/ });
  await expect(row.getByRole("cell")).toHaveText(["mistral-small-latest", /^\d+ ms$/, /^≈ \d+(\.\d)?$/, /^\d+(\.\d)?$/, /^\d+ ms$|^\d\.\d\d s$/]);
  await expect(dialog.getByRole("img", { name: /^Decode speed, tokens\/s \(higher is faster\)\. Mistral API: \d+(\.\d)? tokens\/s\.$/ })).toBeVisible();
  await expect(dialog.getByRole("img", { name: /^Time to first token \(lower is faster\)\. Mistral API: \d+ ms\.$/ })).toBeVisible();

  // Table, charts and the list of kept runs, in both colour schemes.
  await expectNoAxeViolations(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await expectNoAxeViolations(page);

  const jsonDownload = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Export JSON" }).click();
  const jsonFile = testInfo.outputPath("benchmark.json");
  await (await jsonDownload).saveAs(jsonFile);
  const exported = JSON.parse(await readFile(jsonFile, "utf8")) as { format: string; runs: { targets: { label: string; prompts: { promptId: string; completionTokens: number }[] }[] }[] };
  expect(exported.format).toBe("tramontane-benchmark");
  expect(exported.runs).toHaveLength(1);
  expect(exported.runs[0].targets[0].label).toBe("Mistral API");
  expect(exported.runs[0].targets[0].prompts.map((prompt) => [prompt.promptId, prompt.completionTokens])).toEqual([["fact", 4], ["explain", 5], ["code", 4]]);

  const csvDownload = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Export CSV" }).click();
  const csv = await (await csvDownload).path().then((path) => readFile(path, "utf8"));
  expect((await csvDownload).suggestedFilename()).toMatch(/^tramontane-benchmark-\d{4}-\d\d-\d\d\.csv$/);
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^run_id,run_started_at,run_cancelled,engine,engine_kind,model,prompt_id,time_to_first_token_ms,/);
  expect(lines.slice(1).map((line) => line.split(",").slice(3, 7).join(","))).toEqual([
    "Mistral API,mistral-api,mistral-small-latest,fact",
    "Mistral API,mistral-api,mistral-small-latest,explain",
    "Mistral API,mistral-api,mistral-small-latest,code",
  ]);

  // Kept in IndexedDB with the rest of the state: listed and shown again after a reload.
  await expect.poll(() => savedState(page)).toContain('"promptId":"explain"');
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  const reopened = await openBenchmark(page);
  const kept = reopened.getByRole("region", { name: "Kept runs" });
  await expect(kept.getByRole("listitem")).toHaveCount(1);
  await expect(kept.getByRole("listitem")).toContainText("Mistral API");
  await expect(kept.getByRole("button", { name: /^Show the run of / })).toHaveAttribute("aria-pressed", "true");
  await expect(reopened.getByRole("table").getByRole("row", { name: /Mistral API/ })).toBeVisible();

  // On a phone the table scrolls sideways, by keyboard too, under a title that stays in view.
  await page.setViewportSize({ width: 360, height: 740 });
  const title = reopened.getByRole("heading", { name: /^Run of .* — medians over the prompts$/ });
  await title.scrollIntoViewIfNeeded();
  const titleBox = await title.boundingBox();
  expect(titleBox && titleBox.x + titleBox.width).toBeLessThanOrEqual(360);
  const tableRegion = reopened.getByRole("region", { name: /^Run of / });
  await tableRegion.focus();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => tableRegion.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
  await expectNoAxeViolations(page);
  await page.keyboard.press("Escape");
  await expect(reopened).toBeHidden();
});

test("cancelling keeps what finished; a deleted run is gone after a reload", async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  const dialog = await openBenchmark(page);
  fakeApi.enqueue(reply(["Paris."]), reply(["Light", " bends"], 1));
  await dialog.getByRole("button", { name: "Run benchmark" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Mistral API — prompt 2 of 3");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Cancelled. What finished is kept.");
  await expect(dialog.getByRole("table", { name: /\(cancelled: only what finished\)/ })).toBeVisible();
  const kept = dialog.getByRole("region", { name: "Kept runs" });
  await expect(kept.getByRole("listitem")).toContainText("cancelled");

  await kept.getByRole("button", { name: /^Delete the run of / }).click();
  await expect(kept).toBeHidden();
  await expect(dialog.getByRole("table")).toBeHidden();
  await expect.poll(() => savedState(page)).toContain('"benchmarkRuns":[]');
  await page.reload();
  const reopened = await openBenchmark(page);
  await expect(reopened.getByRole("checkbox", { name: /Mistral API/ })).toHaveCount(0);
  await expect(reopened.getByRole("region", { name: "Kept runs" })).toBeHidden();
});
