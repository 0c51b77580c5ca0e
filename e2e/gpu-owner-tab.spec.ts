import { expect, test } from "./appTest";
import { chooseLocalEngine, localModelPanel } from "./localEngine";

test("one tab owns the GPU: another is told, can take it over, and gets it back when the owner closes", async ({ context, page }) => {
  // Hold every model download: the owning tab stays in "loading", holding the GPU lock.
  await context.route("https://huggingface.co/**", () => undefined);

  await page.goto("/");
  await chooseLocalEngine(page);
  await localModelPanel(page).getByRole("button", { name: "Download and load" }).click();
  await expect(localModelPanel(page).getByRole("button", { name: "Cancel" })).toBeVisible();

  const second = await context.newPage();
  await second.goto("/");
  await expect(second.getByLabel("Active engine")).toContainText("On this device");
  await localModelPanel(second).getByRole("button", { name: "Download and load" }).click();
  await expect(localModelPanel(second).getByRole("alert")).toContainText("in use in another tab");

  await localModelPanel(second).getByRole("button", { name: "Use here instead" }).click();
  await expect(localModelPanel(second).getByRole("button", { name: "Cancel" })).toBeVisible();
  await expect(localModelPanel(page).getByRole("alert")).toContainText("moved to another tab");

  // Closing the owner frees the GPU: a new tab gets it without taking it by force.
  await second.close();
  const third = await context.newPage();
  await third.goto("/");
  await localModelPanel(third).getByRole("button", { name: "Download and load" }).click();
  await expect(localModelPanel(third).getByRole("button", { name: "Cancel" })).toBeVisible();
});

test("Cancel stops loading and leaves the model not ready", async ({ context, page }) => {
  await context.route("https://huggingface.co/**", () => undefined);
  await page.goto("/");
  await chooseLocalEngine(page);
  await localModelPanel(page).getByRole("button", { name: "Download and load" }).click();
  await localModelPanel(page).getByRole("button", { name: "Cancel" }).click();
  await expect(localModelPanel(page).getByRole("button", { name: "Download and load" })).toBeVisible();
  await expect(localModelPanel(page).getByRole("alert")).toHaveCount(0);
});
