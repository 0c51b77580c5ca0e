import { expect, test } from "./appTest";

test("the real SwiftShader adapter is reported as software, without shader-f16, with 1 GiB limits", async ({ page }) => {
  await page.goto("/");
  const device = page.getByRole("region", { name: "Your device" });
  await expect(device).toContainText("Only a software adapter was found (no real GPU)");
  const facts = device.getByRole("definition");
  await expect(device.getByRole("term")).toContainText(["WebGPU", "Adapter", "Software adapter", "16-bit shaders (shader-f16)", "Largest buffer", "Largest storage binding"]);
  await expect(facts).toHaveText(["Available", "google · swiftshader", "Yes (no real GPU)", "No", "1 GiB", "1 GiB"]);
});

test("without navigator.gpu the screen says WebGPU is missing", async ({ page }) => {
  await page.addInitScript(() => {
    delete (Navigator.prototype as { gpu?: unknown }).gpu;
  });
  await page.goto("/");
  const device = page.getByRole("region", { name: "Your device" });
  await expect(device).toContainText("This browser has no WebGPU");
  await expect(device.getByRole("definition")).toHaveText(["Not available"]);
});

test("a browser whose WebGPU finds no adapter says so", async ({ page }) => {
  await page.addInitScript(() => {
    GPU.prototype.requestAdapter = async () => null;
  });
  await page.goto("/");
  await expect(page.getByRole("region", { name: "Your device" })).toContainText("no GPU adapter was found");
});
