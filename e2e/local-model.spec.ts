import { expect, test } from "./appTest";
import { chooseLocalEngine, localModelPanel, modelHostRequests } from "./localEngine";

test("without WebGPU the local engine says why and downloads nothing", async ({ page, seenRequests }) => {
  await page.addInitScript(() => {
    delete (Navigator.prototype as { gpu?: unknown }).gpu;
  });
  await page.goto("/");
  await chooseLocalEngine(page);
  await localModelPanel(page).getByRole("button", { name: "Download and load" }).click();
  const alert = localModelPanel(page).getByRole("alert");
  await expect(alert).toContainText("This browser does not offer WebGPU");
  await expect(localModelPanel(page).getByRole("button", { name: "Use the Mistral API instead" })).toBeVisible();
  expect(modelHostRequests(seenRequests)).toEqual([]);
});

test("a browser whose WebGPU finds no adapter gets a clear reason and no download", async ({ page, seenRequests }) => {
  await page.addInitScript(() => {
    GPU.prototype.requestAdapter = async () => null;
  });
  await page.goto("/");
  await chooseLocalEngine(page);
  await localModelPanel(page).getByRole("button", { name: "Download and load" }).click();
  await expect(localModelPanel(page).getByRole("alert")).toContainText("found no GPU it can use");
  expect(modelHostRequests(seenRequests)).toEqual([]);
});

test("the SwiftShader adapter gets the f32 build by default, and the f16 build is refused before any download", async ({ page, seenRequests }) => {
  await page.goto("/");
  await chooseLocalEngine(page);
  await expect(page.getByLabel("Active engine")).toContainText("Mistral 7B Instruct v0.3 (q4f32_1)");

  await chooseLocalEngine(page, /Mistral 7B.*q4f16_1/);
  await expect(page.getByLabel("Active engine")).toContainText("(q4f16_1)");
  await localModelPanel(page).getByRole("button", { name: "Download and load" }).click();
  const alert = localModelPanel(page).getByRole("alert");
  await expect(alert).toContainText("lacks 16-bit shaders");
  await expect(alert).toContainText("f32 build");
  // Only the f32 build's manifest may have been asked for (its download size); nothing of the f16 build.
  expect(modelHostRequests(seenRequests).filter((request) => request.url.includes("q4f16"))).toEqual([]);
  expect(modelHostRequests(seenRequests).every((request) => request.url.endsWith("q4f32_1-MLC/resolve/main/tensor-cache.json"))).toBe(true);
});

test("an unreachable model host is reported as a network problem and nothing is called ready", async ({ page, seenRequests }) => {
  await page.goto("/");
  await chooseLocalEngine(page);
  await localModelPanel(page).getByRole("button", { name: "Download and load" }).click();
  await expect(localModelPanel(page).getByRole("alert")).toContainText(/could not be reached|Could not reach/i);
  await expect(localModelPanel(page).getByRole("button", { name: "Retry" })).toBeVisible();
  // Requests went to the model host only.
  const external = seenRequests.filter((request) => !request.url.startsWith("http://127.0.0.1"));
  expect(external.length).toBeGreaterThan(0);
  expect(external.filter((request) => !modelHostRequests([request]).length)).toEqual([]);

  await page.getByRole("button", { name: "Settings", exact: true }).click();
  await expect(page.getByRole("listitem").filter({ hasText: /Mistral 7B.*q4f32_1/ })).toContainText("Not downloaded");
});

test("a broken model library gives a clear error, and the model is not called ready", async ({ page, context }) => {
  // The model's config is fine; its compiled library (wasm) is garbage.
  await context.route("https://huggingface.co/**/mlc-chat-config.json", (route) =>
    route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ context_window_size: 4096 }) }),
  );
  await context.route("https://raw.githubusercontent.com/**/*.wasm", (route) =>
    route.fulfill({ status: 200, contentType: "application/wasm", body: Buffer.from("this is not webassembly") }),
  );
  await page.goto("/");
  await chooseLocalEngine(page);
  await localModelPanel(page).getByRole("button", { name: "Download and load" }).click();
  await expect(localModelPanel(page).getByRole("alert")).toContainText("library could not be loaded");
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const row = page.getByRole("listitem").filter({ hasText: /Mistral 7B.*q4f32_1/ });
  await expect(row.locator(".model-status")).not.toHaveText(/Ready/);
});

test("the download size is read from the model host's manifest before anything is downloaded", async ({ page, context }) => {
  const shard = { format: "raw-shard", nbytes: 2 ** 30, records: [] };
  await context.route("https://huggingface.co/mlc-ai/Mistral-7B-Instruct-v0.3-q4f32_1-MLC/resolve/main/tensor-cache.json", (route) =>
    route.fulfill({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ metadata: {}, records: [0, 1, 2].map((index) => ({ ...shard, dataPath: `params_shard_${index}.bin` })) }),
    }),
  );
  await page.goto("/");
  await chooseLocalEngine(page);
  await expect(localModelPanel(page)).toContainText("a 3 GiB download, once");
  await expect(localModelPanel(page).getByRole("button", { name: "Download and load" })).toBeVisible();
});
