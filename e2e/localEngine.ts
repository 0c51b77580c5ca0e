import type { Page } from "@playwright/test";
import { expect } from "./appTest";
import type { SeenRequest } from "./appTest";

/** The hosts web-llm downloads models and model libraries from. */
export const modelHosts = ["huggingface.co", "raw.githubusercontent.com"];

export function modelHostRequests(seen: SeenRequest[]): SeenRequest[] {
  return seen.filter((request) => modelHosts.includes(new URL(request.url).hostname));
}

/** Settings → "On this device", optionally a specific build, then close Settings. */
export async function chooseLocalEngine(page: Page, build?: RegExp) {
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Settings" });
  await dialog.getByRole("radio", { name: /On this device/ }).check();
  if (build) {
    await dialog.getByRole("listitem").filter({ hasText: build }).getByRole("button", { name: /^(Use|Selected)$/ }).click();
  }
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
}

export function localModelPanel(page: Page) {
  return page.getByRole("region", { name: /Mistral 7B|Ministral/ });
}
