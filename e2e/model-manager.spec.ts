import { findLocalModel } from "../src/engines/catalog";
import { expect, savedState, test } from "./appTest";
import { chooseLocalEngine, localModelPanel } from "./localEngine";
import { seedWebllmCache, webllmCacheKeys } from "./seedWebllmCache";

const mistral = findLocalModel("Mistral-7B-Instruct-v0.3-q4f32_1-MLC");
const ministral = findLocalModel("Ministral-3-3B-Instruct-2512-BF16-q4f32_1-MLC");

test("the model manager reads web-llm's stores: ready, partly downloaded, not downloaded; Delete removes every file", async ({ page }) => {
  if (!mistral || !ministral) throw new Error("catalog lost a model");
  await page.goto("/");
  await seedWebllmCache(page, mistral, { shards: 3, storeShards: 3, library: true });
  await seedWebllmCache(page, ministral, { shards: 4, storeShards: 1, library: false });

  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const rowOf = (pattern: RegExp) => page.getByRole("listitem").filter({ hasText: pattern }).locator(".model-status");
  await expect(rowOf(/Mistral 7B.*q4f32_1/)).toHaveText("Ready — 96 MiB on this device");
  await expect(rowOf(/Ministral.*q4f32_1/)).toHaveText("Partly downloaded (32 MiB of 128 MiB)");
  await expect(rowOf(/Mistral 7B.*q4f16_1/)).toHaveText("Not downloaded");
  await expect(page.getByLabel("Storage")).toContainText(/This site stores .+; the browser allows up to .+ free/);

  await page.getByRole("button", { name: "Delete Mistral 7B Instruct v0.3 q4f32_1" }).click();
  await expect(rowOf(/Mistral 7B.*q4f32_1/)).toHaveText("Not downloaded");
  const left = await webllmCacheKeys(page);
  expect(left.filter((key) => key.includes("Mistral-7B-Instruct-v0.3-q4f32_1"))).toEqual([]);
  // The other model's files are untouched.
  expect(left.filter((key) => key.includes("Ministral-3-3B"))).toHaveLength(4);
});

test("the panel offers to load a stored model or resume a partial download", async ({ page }) => {
  if (!mistral || !ministral) throw new Error("catalog lost a model");
  await page.goto("/");
  await seedWebllmCache(page, mistral, { shards: 2, storeShards: 2, library: true });
  await seedWebllmCache(page, ministral, { shards: 4, storeShards: 1, library: false });
  await chooseLocalEngine(page);
  await expect(localModelPanel(page).getByRole("button", { name: "Load the model" })).toBeVisible();
  await chooseLocalEngine(page, /Ministral.*q4f32_1/);
  await expect(localModelPanel(page).getByRole("button", { name: "Resume the download" })).toBeVisible();
  await expect(localModelPanel(page)).toContainText("32 MiB of 128 MiB already stored");
});

test("loading a model stored on this device makes no network request", async ({ page, seenRequests }) => {
  if (!mistral) throw new Error("catalog lost a model");
  await page.goto("/");
  await seedWebllmCache(page, mistral, { shards: 2, storeShards: 2, library: true });
  await chooseLocalEngine(page);
  await localModelPanel(page).getByRole("button", { name: "Load the model" }).click();
  // The stand-in library is not real WebAssembly, so loading stops there — after reading the
  // config and the library from IndexedDB, not from the network.
  await expect(localModelPanel(page).getByRole("alert")).toContainText("library could not be loaded");
  expect(seenRequests.filter((request) => !request.url.startsWith("http://127.0.0.1"))).toEqual([]);
});

test("the context length shows its GPU memory cost and is remembered", async ({ page }) => {
  await page.goto("/");
  await chooseLocalEngine(page);
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const context = page.getByRole("combobox", { name: "Context length" });
  // Mistral 7B's f32 build keeps its KV cache in f32: 32 layers × 8 KV heads × 128 × 2 × 4 bytes per token.
  await expect(context.getByRole("option")).toHaveText([
    "2K tokens — KV cache about 512 MiB of GPU memory",
    "4K tokens — KV cache about 1 GiB of GPU memory",
    "8K tokens — KV cache about 2 GiB of GPU memory",
    "16K tokens — KV cache about 4 GiB of GPU memory",
    "32K tokens — KV cache about 8 GiB of GPU memory",
  ]);
  await context.selectOption({ label: "8K tokens — KV cache about 2 GiB of GPU memory" });
  // Saved within a few hundred milliseconds (writes are coalesced while replies stream).
  await expect.poll(() => savedState(page)).toContain('"contextTokens":8192');
  await page.reload();
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  await expect(page.getByRole("combobox", { name: "Context length" })).toHaveValue("8192");
});
