import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, lastReply, send, test, userMessages } from "./appTest";
import { startGgufModelServer } from "./fixtures/ggufModelServer";
import type { GgufModelServer } from "./fixtures/ggufModelServer";
import { buildTinyGgufModel, tinyModelReply } from "./fixtures/tinyGgufModel";

/**
 * The GGUF engine in the real app, with the real engine (llama.cpp in WebAssembly, in its worker)
 * running the generated tiny model on the CPU: file pick and drop, download with progress and
 * cancel, storage in OPFS, reload from it, Stop, and the errors for files that are not models.
 */

const model = buildTinyGgufModel();
// Room for a stopped reply and the next turn (the sentence re-tokenizes into many byte tokens).
const loopingModel = buildTinyGgufModel("repeat", 4096);
const strangeBytesModel = buildTinyGgufModel("invalid-utf8");
let directory = "";
let modelPath = "";
let truncatedPath = "";
let notGgufPath = "";
let strangeBytesPath = "";
let server: GgufModelServer | undefined;

test.beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "gguf-engine-e2e-"));
  modelPath = join(directory, "tiny-model.gguf");
  truncatedPath = join(directory, "cut-short.gguf");
  notGgufPath = join(directory, "holiday-photo.gguf");
  strangeBytesPath = join(directory, "bad-bytes.gguf");
  await writeFile(strangeBytesPath, strangeBytesModel);
  await writeFile(modelPath, model);
  await writeFile(truncatedPath, model.subarray(0, Math.floor(model.length * 0.9)));
  await writeFile(notGgufPath, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array<number>(2048).fill(7)]));
  server = await startGgufModelServer({
    "/models/tiny-model.gguf": { bytes: model },
    "/slow/tiny-model.gguf": { bytes: model, slowChunkDelayMs: 150 },
    // Mistral 7B Q4_K_M's size: more than the engine's 4 GiB of WebAssembly memory can hold.
    "/huge/mistral-7b-q4_k_m.gguf": { bytes: model.subarray(0, 4096), claimedBytes: 4_368_439_584 },
    "/page/not-a-model.gguf": { bytes: new TextEncoder().encode("<!doctype html><title>Sign in</title>".padEnd(4096, " ")), contentType: "text/html" },
  });
});

test.afterAll(async () => {
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

function modelServer(): GgufModelServer {
  if (!server) throw new Error("the model server did not start");
  return server;
}

/** Settings → "On the CPU", then close Settings: the GGUF panel shows in the chat. */
async function chooseGgufEngine(page: Page) {
  await page.goto("/");
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Settings" });
  await dialog.getByRole("radio", { name: /On the CPU/ }).check();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
}

function ggufPanel(page: Page) {
  return page.getByRole("region", { name: "Run a GGUF model on this device's CPU" });
}

function reply(page: Page) {
  return lastReply(page).locator(".message-text");
}

async function downloadFrom(page: Page, url: string) {
  await ggufPanel(page).getByRole("textbox", { name: "Or download a GGUF file from an address" }).fill(url);
  await ggufPanel(page).getByRole("button", { name: "Download", exact: true }).click();
}

async function openModelFile(page: Page, path: string) {
  const chooser = page.waitForEvent("filechooser");
  await ggufPanel(page).getByRole("button", { name: "Open a GGUF file…" }).click();
  await (await chooser).setFiles(path);
}

/** What is in the app's GGUF folder in OPFS, by file name. */
function storedFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const directory = await root.getDirectoryHandle("gguf-models", { create: true });
    const names: string[] = [];
    for await (const name of directory.keys()) names.push(name);
    return names.sort();
  });
}

test.describe("GGUF engine with a real model", () => {
  test("open a file: it loads, streams the exact sentence, shows tokens/s; the page is cross-origin isolated for threads", async ({ page }) => {
    await chooseGgufEngine(page);
    expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
    await openModelFile(page, modelPath);
    await expect(ggufPanel(page)).toBeHidden({ timeout: 20_000 });

    await send(page, "Bonjour !");
    await expect(reply(page)).toHaveText(tinyModelReply);
    await expect(lastReply(page)).toContainText(/tokens\/s/);
    await expect(page.getByLabel("Active engine")).toContainText("This device (CPU)");

    // One thread per core, minus one for the page: wllama reports what llama.cpp really uses.
    const expectedThreads = await page.evaluate(() => Math.max(1, Math.min(8, navigator.hardwareConcurrency - 1)));
    await page.getByRole("button", { name: "Settings", exact: true }).click();
    await expect(page.getByLabel("Loaded GGUF model")).toContainText(expectedThreads === 1 ? "1 thread ·" : `${expectedThreads} threads`);
    // The model and its description, nothing else.
    expect(await storedFiles(page)).toHaveLength(2);

    // The model manager lists it with its size; Delete lets go of it and removes both files.
    const stored = page.getByRole("list", { name: "GGUF models in this browser" }).getByRole("listitem");
    await expect(stored).toHaveCount(1);
    await expect(stored).toContainText("tramontane-tiny-test-model");
    await expect(stored).toContainText("464 KiB · opened from tiny-model.gguf");
    await stored.getByRole("button", { name: "Delete tramontane-tiny-test-model" }).click();
    await expect(page.getByRole("dialog", { name: "Settings" })).toContainText("No GGUF model is stored in this browser yet.");
    await expect(page.getByLabel("Loaded GGUF model")).toBeHidden();
    expect(await storedFiles(page)).toEqual([]);
  });

  test("download from a URL with progress; regenerate, edit, reload: the chat is kept and the model loads from storage without a request", async ({ page }) => {
    // A whole journey: a paced download, three replies, a reload and a load from storage took
    // 27–33 s here with the other test worker busy, against the default 30 s for a test.
    test.setTimeout(60_000);
    const host = modelServer();
    await chooseGgufEngine(page);
    await downloadFrom(page, `${host.url}/slow/tiny-model.gguf`);
    await expect(ggufPanel(page).getByRole("status")).toContainText(/Downloading the model — \d+%/);
    await expect(ggufPanel(page)).toContainText(/ of 464 KiB/);
    await expect(ggufPanel(page)).toBeHidden({ timeout: 20_000 });

    await send(page, "What is the tramontane?");
    await expect(reply(page)).toHaveText(tinyModelReply);
    await lastReply(page).getByRole("button", { name: "Regenerate" }).click();
    await expect(reply(page)).toHaveText(tinyModelReply);
    await expect(page.getByRole("article")).toHaveCount(2);
    const you = page.getByRole("article", { name: "You" }).first();
    await you.getByRole("button", { name: "Edit" }).click();
    await you.getByRole("textbox", { name: "Edit message" }).fill("And the mistral?");
    await you.getByRole("textbox", { name: "Edit message" }).press("Enter");
    await expect(userMessages(page)).toHaveText(["And the mistral?"]);
    await expect(reply(page)).toHaveText(tinyModelReply);
    // Its end is saved at once, but only once it has ended: its text can show a moment before
    // (saves while a reply streams come every 300 ms, and one started by the reload may not land).
    await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");

    const requestsBeforeReload = host.requests.length;
    await page.reload();
    await expect(userMessages(page)).toHaveText(["And the mistral?"]);
    await expect(reply(page)).toHaveText(tinyModelReply);
    // This send loads the model from storage first (no panel, no download).
    await send(page, "Still there?");
    await expect(page.getByRole("article", { name: /^Reply from/ })).toHaveCount(2);
    await expect(reply(page)).toHaveText(tinyModelReply, { timeout: 20_000 });
    expect(host.requests.length).toBe(requestsBeforeReload);
  });

  test("cancel a download: nothing is left in storage, half-written or listed", async ({ page }) => {
    await chooseGgufEngine(page);
    await downloadFrom(page, `${modelServer().url}/slow/tiny-model.gguf`);
    await expect(ggufPanel(page).getByRole("status")).toContainText(/Downloading the model — \d+%/);
    await ggufPanel(page).getByRole("button", { name: "Cancel" }).click();
    await expect(ggufPanel(page)).toContainText("No GGUF model is stored in this browser yet.");
    await expect.poll(() => storedFiles(page)).toEqual([]);
  });

  test("a truncated file, a file that is not GGUF, a web page or a 404 at a URL, a model too big for the engine: clear errors, nothing stored", async ({ page }) => {
    await chooseGgufEngine(page);
    await openModelFile(page, truncatedPath);
    await expect(ggufPanel(page).getByRole("alert")).toContainText("The file ends too early");
    await openModelFile(page, notGgufPath);
    await expect(ggufPanel(page).getByRole("alert")).toContainText("not a GGUF model");
    await downloadFrom(page, `${modelServer().url}/page/not-a-model.gguf`);
    await expect(ggufPanel(page).getByRole("alert")).toContainText("not a GGUF model file");
    await downloadFrom(page, `${modelServer().url}/models/missing.gguf`);
    await expect(ggufPanel(page).getByRole("alert")).toContainText("answered 404");
    await downloadFrom(page, `${modelServer().url}/huge/mistral-7b-q4_k_m.gguf`);
    await expect(ggufPanel(page).getByRole("alert")).toContainText("This model is too large to run in the browser.");
    await expect(ggufPanel(page).getByRole("alert")).toContainText("at most 4 GiB");
    expect(await storedFiles(page)).toEqual([]);
  });

  test("in a browser without WebGPU: drop a file; Stop mid-reply keeps the partial text, and the next turn works", async ({ page }) => {
    await page.addInitScript(() => {
      // The page's WebGPU, as in browsers without it (the engine runs on the CPU in any case).
      delete (Navigator.prototype as { gpu?: unknown }).gpu;
    });
    await chooseGgufEngine(page);
    expect(await page.evaluate(() => "gpu" in navigator)).toBe(false);
    const dataTransfer = await page.evaluateHandle((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], "looping.gguf"));
      return transfer;
    }, Array.from(loopingModel));
    await ggufPanel(page).getByText("or drop a .gguf file here", { exact: false }).locator("..").dispatchEvent("drop", { dataTransfer });
    await expect(ggufPanel(page)).toBeHidden({ timeout: 20_000 });

    // This model says its sentence over and over, so there is always something to stop.
    await send(page, "Talk to me");
    await expect(reply(page)).toContainText(`${tinyModelReply}Hello`);
    await page.getByRole("button", { name: "Stop" }).click();
    await expect(lastReply(page)).toContainText("Stopped");
    const partial = (await reply(page).textContent()) ?? "";
    expect(partial.startsWith(tinyModelReply)).toBe(true);
    await page.waitForTimeout(300);
    await expect(reply(page)).toHaveText(partial);

    await send(page, "Again");
    await expect(page.getByRole("article", { name: /^Reply from/ })).toHaveCount(2);
    await expect(reply(page)).toContainText(tinyModelReply);
  });

  test("a model that emits bytes that are not UTF-8 keeps running: U+FFFD is shown, the reply ends at the context limit, and a chat too long for the context goes on without its oldest turns", async ({ page }) => {
    // A reply that fills the model's whole context, then another turn: 18–24 s here, against the
    // default 30 s for a test.
    test.setTimeout(60_000);
    await chooseGgufEngine(page);
    await openModelFile(page, strangeBytesPath);
    await expect(ggufPanel(page)).toBeHidden({ timeout: 20_000 });
    // This model follows its sentence with a lone 0xFF byte, then says the sentence again.
    await send(page, "Say something odd");
    await expect(reply(page)).toContainText(`${tinyModelReply}\uFFFDHello`);
    await expect(lastReply(page)).toContainText("Cut short: the model's context is full", { timeout: 20_000 });

    // That reply filled the model's 512-token context: the whole chat cannot fit (llama.cpp would
    // refuse it), so the model is sent the new question alone, and the reply says what it did not see.
    await send(page, "Once more");
    await expect(lastReply(page)).toContainText("This chat no longer fits in the model's context: the model did not see its first 2 messages.");
    await expect(reply(page)).toContainText(tinyModelReply);
    await expect(lastReply(page)).toContainText("Cut short: the model's context is full", { timeout: 20_000 });
    await expect(lastReply(page).getByRole("alert")).toHaveCount(0);

    // A message that does not fit on its own: llama.cpp refuses it, and the app says why.
    await page.getByRole("button", { name: "New chat" }).click();
    await send(page, "Far too long. ".repeat(100));
    await expect(lastReply(page).getByRole("alert")).toContainText(/Your message is too long for the model's context: it makes about [\d,]+ tokens, and the context holds 512\./);
});
});
