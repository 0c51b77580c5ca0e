import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { connectToFakeApi, expect, lastReply, send, test } from "./appTest";

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

for (const colorScheme of ["light", "dark"] as const) {
  test(`welcome, settings and a chat with an error pass axe checks (${colorScheme})`, async ({ page, fakeApi }) => {
    // Five full axe runs and a chat: 25 s on a quiet run here, against the default 30 s for a test.
    test.setTimeout(60_000);
    await page.emulateMedia({ colorScheme });
    await page.goto("/");
    await expect(page.getByRole("region", { name: "Your device" }).getByRole("definition").first()).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Settings", exact: true }).click();
    await expect(page.getByRole("dialog", { name: "Settings" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Done" }).click();

    await connectToFakeApi(page, fakeApi);
    fakeApi.enqueue({ type: "reply", tokens: ["Fine", "."] }, { type: "status", status: 429, retryAfterSeconds: 30 });
    await send(page, "Hello");
    await expect(lastReply(page)).toContainText("tokens/s");
    await send(page, "Again");
    await expect(lastReply(page).getByRole("alert")).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Chat settings" }).click();
    await expect(page.getByRole("dialog", { name: "Chat settings" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("dialog", { name: "Chat settings" }).getByRole("button", { name: "Cancel" }).click();

    // The sidebar while searching, and while renaming.
    const sidebar = page.getByRole("navigation", { name: "Conversations" });
    await sidebar.getByRole("searchbox", { name: "Search chats" }).fill("fine");
    await expect(sidebar.getByRole("listitem")).toHaveCount(1);
    await sidebar.getByRole("button", { name: "Rename “Hello”" }).click();
    await expect(sidebar.getByRole("textbox", { name: "Chat name" })).toBeFocused();
    await expectNoAxeViolations(page);
    await page.keyboard.press("Escape");

    // On a phone: the header's buttons are icons, named by their words.
    await page.setViewportSize({ width: 360, height: 740 });
    await expect(page.getByRole("button", { name: "Benchmark", exact: true })).toBeVisible();
    await expectNoAxeViolations(page);
  });
}
