import type { Page } from "@playwright/test";
import { expect, lastReply, send, test } from "./appTest";

interface SpoofedAdapter {
  vendor: string;
  architecture: string;
  isFallbackAdapter: boolean;
  features: string[];
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

const gib = 2 ** 30;
const mib = 2 ** 20;

/**
 * Makes the page's WebGPU adapter report other facts (the plan is decided on the page). The real
 * SwiftShader adapter underneath still does the work; only what it reports changes.
 */
async function spoofAdapter(page: Page, adapter: SpoofedAdapter) {
  await page.addInitScript((spoof) => {
    const original = GPU.prototype.requestAdapter;
    GPU.prototype.requestAdapter = async function (options) {
      const real = await original.call(this, options);
      if (!real) return real;
      const info = { vendor: spoof.vendor, architecture: spoof.architecture, description: "", isFallbackAdapter: spoof.isFallbackAdapter };
      const limits = new Proxy(real.limits, {
        get: (target, name) =>
          name === "maxBufferSize" ? spoof.maxBufferSize : name === "maxStorageBufferBindingSize" ? spoof.maxStorageBufferBindingSize : Reflect.get(target, name),
      });
      const features = new Set(spoof.features);
      return new Proxy(real, {
        get: (target, name) => (name === "info" ? info : name === "limits" ? limits : name === "features" ? features : Reflect.get(target, name)),
      });
    };
  }, adapter);
}

function planOption(page: Page, title: string) {
  return page.getByRole("region", { name: "Where Mistral can run on this device" }).getByRole("listitem", { name: title, exact: true });
}

test("a high-end GPU with 16-bit shaders is offered Mistral 7B on the GPU first", async ({ page }) => {
  await spoofAdapter(page, { vendor: "nvidia", architecture: "ampere", isFallbackAdapter: false, features: ["shader-f16"], maxBufferSize: 4 * gib, maxStorageBufferBindingSize: 2 * gib });
  await page.goto("/");
  const first = page.getByRole("region", { name: "Where Mistral can run on this device" }).getByRole("listitem").first();
  await expect(first).toContainText("Recommended");
  await expect(first).toContainText("Mistral 7B (4-bit) on your GPU");
  await expect(first).toContainText(/GiB of GPU memory/);
  await expect(planOption(page, "Mistral API")).toContainText("Messages are sent to Mistral");
});

test("the software adapter is told local models would crawl, and the cloud is recommended", async ({ page }) => {
  await page.goto("/");
  const api = planOption(page, "Mistral API");
  await expect(api).toContainText("Recommended");
  await expect(api).toContainText("Software adapter detected (no real GPU)");
  // No shader-f16: only the f32 build is offered, and only as possible (it would crawl).
  const local = planOption(page, "Mistral 7B (4-bit, f32) on your GPU");
  await expect(local).toContainText("Possible");
  await expect(local).toContainText("a few tokens/s");
  await expect(page.getByRole("listitem", { name: "Mistral 7B (4-bit) on your GPU" })).toHaveCount(0);
});

test("a phone-sized GPU limit leads to the Mistral API, and a chat then works", async ({ page, fakeApi }) => {
  await spoofAdapter(page, { vendor: "qualcomm", architecture: "adreno", isFallbackAdapter: false, features: ["shader-f16"], maxBufferSize: 256 * mib, maxStorageBufferBindingSize: 128 * mib });
  await page.goto("/");
  const api = planOption(page, "Mistral API");
  await expect(api).toContainText("Recommended");
  await expect(api).toContainText(/128 MiB|256 MiB/);
  await expect(planOption(page, "Mistral 7B (4-bit) on your GPU")).toContainText("Not possible here");

  await api.getByRole("button", { name: /Use the Mistral API/ }).click();
  const dialog = page.getByRole("dialog", { name: "Settings" });
  await expect(dialog.getByLabel("Mistral API key")).toBeFocused();
  await dialog.getByRole("textbox", { name: "API base URL" }).fill(fakeApi.url);
  await dialog.getByLabel("Mistral API key").fill(fakeApi.apiKey);
  await expect(dialog.getByText(/Key works/)).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();

  fakeApi.enqueue({ type: "reply", tokens: ["Hello", " from", " the", " cloud"] });
  await send(page, "Hi");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Hello from the cloud");
});

test("without WebGPU the plan says local models cannot run and why, and offers a GGUF model on the CPU with a speed estimate", async ({ page }) => {
  await page.addInitScript(() => {
    delete (Navigator.prototype as { gpu?: unknown }).gpu;
  });
  await page.goto("/");
  await expect(planOption(page, "Mistral API")).toContainText("Recommended");
  const local = planOption(page, "Mistral 7B (4-bit) on your GPU");
  await expect(local).toContainText("Not possible here");
  await expect(local).toContainText(/WebGPU/);
  await expect(local.getByRole("button")).toHaveCount(0);

  const cpu = planOption(page, "A GGUF model on your CPU");
  await expect(cpu).toContainText("Possible");
  await expect(cpu).toContainText("Ministral 3 3B Instruct (Q4_K_M) by Mistral AI, or a GGUF file you open");
  await expect(cpu).toContainText(/about \d+(\.\d)?–\d+(\.\d)? tokens\/s on this device's CPU/);
  await expect(cpu).toContainText("a 2 GiB download, once");
  await cpu.getByRole("button", { name: "Use a GGUF model on your CPU", exact: true }).click();
  const panel = page.getByRole("region", { name: "Run a GGUF model on this device's CPU" });
  await expect(panel.getByRole("button", { name: "Download Ministral 3 3B Instruct (Q4_K_M)" })).toBeVisible();
  await expect(panel.getByRole("button", { name: "Open a GGUF file…" })).toBeVisible();
});

test("choosing a local model on the first-run screen starts loading it", async ({ page, context }) => {
  await context.route("https://huggingface.co/**", () => undefined);
  await page.goto("/");
  await planOption(page, "Mistral 7B (4-bit, f32) on your GPU").getByRole("button").click();
  await expect(page.getByLabel("Active engine")).toContainText("Mistral 7B Instruct v0.3 (q4f32_1)");
  await expect(page.getByRole("button", { name: "Cancel" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Where Mistral can run on this device" })).toHaveCount(0);
});

test("an integrated GPU sharing too little memory is steered to the cloud, with the reason", async ({ page }) => {
  await spoofAdapter(page, { vendor: "intel", architecture: "gen-12lp", isFallbackAdapter: false, features: ["shader-f16"], maxBufferSize: 2 * gib, maxStorageBufferBindingSize: 2 * gib });
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "deviceMemory", { get: () => 2 });
  });
  await page.goto("/");
  await expect(planOption(page, "Mistral API")).toContainText("Recommended");
  const local = planOption(page, "Mistral 7B (4-bit) on your GPU");
  await expect(local).toContainText("Not possible here");
  await expect(local).toContainText(/memory/i);
});
