import { expect, test } from "@playwright/test";
import { chooseLocalEngine, localModelPanel } from "../localEngine";

/**
 * The GPU smoke test: real weights, real GPU, real answers. It must fail — not pass, not skip —
 * where the browser has no real GPU, so a green run always means Mistral really ran.
 */
test("Mistral 7B answers on this GPU", async ({ page }) => {
  await page.goto("/");
  const adapter = await page.evaluate(async () => {
    const found = await navigator.gpu?.requestAdapter({ powerPreference: "high-performance" });
    return found ? { fallback: found.info.isFallbackAdapter, vendor: found.info.vendor, architecture: found.info.architecture, f16: found.features.has("shader-f16") } : undefined;
  });
  if (!adapter) throw new Error("No WebGPU adapter: this browser has no usable GPU, so the smoke test cannot run.");
  if (adapter.fallback) throw new Error(`Only a software adapter (${adapter.vendor} ${adapter.architecture}): a real GPU is needed.`);
  console.log(`GPU: ${adapter.vendor} ${adapter.architecture}, shader-f16: ${adapter.f16}`);

  await chooseLocalEngine(page);
  const panel = localModelPanel(page);
  const startedAt = Date.now();
  await panel.getByRole("button", { name: /Download and load|Load the model|Resume the download/ }).click();
  await expect(panel).toBeHidden({ timeout: 55 * 60_000 });
  const loadSeconds = (Date.now() - startedAt) / 1000;

  const ask = async (question: string) => {
    await page.getByRole("textbox", { name: "Message" }).fill(question);
    await page.getByRole("textbox", { name: "Message" }).press("Enter");
    const reply = page.getByRole("article", { name: /^Reply from/ }).last();
    await expect(reply).toHaveAttribute("aria-busy", "false", { timeout: 5 * 60_000 });
    await expect(reply.getByRole("alert")).toHaveCount(0);
    return { text: (await reply.locator(".message-text").textContent()) ?? "", usage: (await reply.locator(".message-usage").textContent()) ?? "" };
  };

  const first = await ask("What is the capital of France? Answer in one word.");
  expect(first.text).toMatch(/Paris/i);
  // A follow-up extends the conversation, so web-llm reuses its KV cache.
  const second = await ask("And the capital of Italy? One word.");
  expect(second.text).toMatch(/Rome|Roma/i);

  console.log(`Load (download included on a first run): ${loadSeconds.toFixed(1)} s`);
  console.log(`First reply: ${first.usage}`);
  console.log(`Follow-up:   ${second.usage}`);
});
