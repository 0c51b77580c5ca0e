import AxeBuilder from "@axe-core/playwright";
import type { Locator } from "@playwright/test";
import { connectToFakeApi, expect, lastReply, send, test, userMessages } from "./appTest";
import { storeRawState } from "./storedState";

/** What the switcher shows ("2 / 3") and what a screen reader hears of it. */
async function expectShown(versions: Locator, shown: number, of: number) {
  await expect(versions.locator("[aria-hidden='true']")).toHaveText(`${shown} / ${of}`);
  await expect(versions.getByRole("status")).toMatchAriaSnapshot(`- status: Version ${shown} of ${of}`);
}

test("Regenerate keeps the earlier reply: versions can be shown again, after a reload too, and the one shown is what the model sees next", async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi, { remember: true });
  fakeApi.enqueue(
    { type: "reply", tokens: ["The", " mistral"] },
    { type: "reply", tokens: ["The", " tramontane"] },
    { type: "status", status: 500 },
    { type: "reply", tokens: ["It", " is", " cold"] },
  );
  await send(page, "Name a wind");
  const text = lastReply(page).locator(".message-text");
  await expect(text).toHaveText("The mistral");
  const versions = lastReply(page).getByRole("group", { name: "Versions of this reply" });
  // A reply written once has no versions to go through.
  await expect(versions).toHaveCount(0);

  await lastReply(page).getByRole("button", { name: "Regenerate" }).click();
  await expect(text).toHaveText("The tramontane");
  await expectShown(versions, 2, 2);
  await expect(versions.getByRole("button", { name: "Next version" })).toHaveAttribute("aria-disabled", "true");

  // Back to the first: the button keeps focus where it stops, so the keyboard is not lost.
  const previous = versions.getByRole("button", { name: "Previous version" });
  await previous.focus();
  await page.keyboard.press("Enter");
  await expect(text).toHaveText("The mistral");
  await expectShown(versions, 1, 2);
  await expect(previous).toHaveAttribute("aria-disabled", "true");
  await expect(previous).toBeFocused();
  expect((await new AxeBuilder({ page }).include(".message-actions").analyze()).violations).toEqual([]);

  // A regeneration that fails loses nothing either: both replies are still there.
  await lastReply(page).getByRole("button", { name: "Regenerate" }).click();
  await expect(lastReply(page).getByRole("alert")).toBeVisible();
  await expectShown(versions, 3, 3);
  await previous.click();
  await expect(text).toHaveText("The tramontane");
  await previous.click();
  await expect(text).toHaveText("The mistral");

  await page.reload();
  await expect(text).toHaveText("The mistral");
  await expectShown(versions, 1, 3);

  await send(page, "Is it cold?");
  await expect(text).toHaveText("It is cold");
  expect(fakeApi.chatRequests().at(-1)?.body).toMatchObject({
    messages: [
      { role: "user", content: "Name a wind" },
      { role: "assistant", content: "The mistral" },
      { role: "user", content: "Is it cold?" },
    ],
  });
});

test("Edit keeps the conversation that followed: the message as it was brings its turns back, and the view stays on it", async ({ page, fakeApi }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  const longReply = (word: string) => ({ type: "reply" as const, tokens: Array.from({ length: 120 }, (_, index) => (index === 0 ? word : ` ${word}`)) });
  fakeApi.enqueue(longReply("mistral"), longReply("tramontane"), { type: "reply", tokens: ["Bora"] });
  await send(page, "Name a wind");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
  await send(page, "Another one");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");

  const question = page.getByRole("article", { name: "You" }).first();
  await question.getByRole("button", { name: "Edit" }).click();
  await question.getByRole("textbox", { name: "Edit message" }).fill("Name a cold wind");
  await question.getByRole("textbox", { name: "Edit message" }).press("Enter");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Bora");
  await expect(page.getByRole("article")).toHaveCount(2);
  expect(fakeApi.chatRequests().at(-1)?.body).toMatchObject({ messages: [{ role: "user", content: "Name a cold wind" }] });
  const versions = question.getByRole("group", { name: "Versions of this message" });
  await expectShown(versions, 2, 2);

  await versions.getByRole("button", { name: "Previous version" }).click();
  await expect(userMessages(page)).toHaveText(["Name a wind", "Another one"]);
  await expect(page.getByRole("article")).toHaveCount(4);
  await expectShown(versions, 1, 2);
  // The turns brought back are below; the page does not jump to their end.
  await expect(versions).toBeInViewport();
  await page.waitForTimeout(300);
  await expect(versions).toBeInViewport();
  const jumpToLatest = page.getByRole("button", { name: "Jump to latest" });
  await expect(jumpToLatest).toBeVisible();

  await versions.getByRole("button", { name: "Next version" }).click();
  await expect(userMessages(page)).toHaveText(["Name a cold wind"]);
  await expect(lastReply(page).locator(".message-text")).toHaveText("Bora");
  // The chat fits in the window again, with no scroll on the way: nothing left to jump to.
  await expect(jumpToLatest).toBeHidden();
});

test("in a long chat, going back to a question as it was, before an edit made the chat short, keeps the view on it", async ({ page, fakeApi }) => {
  const messages = Array.from({ length: 40 }, (_, index) => ({
    id: `m${index}`,
    role: index % 2 === 0 ? "user" : "assistant",
    content: index % 2 === 0 ? `Question number ${index}` : `Answer number ${index}\n\nWith a second paragraph.`,
    status: "done",
    createdAt: index,
  }));
  await storeRawState(page, JSON.stringify({ version: 1, state: { conversations: [{ id: "long", title: "A long chat", createdAt: 0, updatedAt: 40, messages }], activeConversationId: "long" } }));
  await page.goto("/");
  await expect(page.getByText("Answer number 39")).toBeInViewport();
  await connectToFakeApi(page, fakeApi);
  fakeApi.enqueue({ type: "reply", tokens: ["Short", " now"] });

  await page.evaluate(() => window.scrollTo(0, 0));
  const question = page.getByRole("article", { name: "You" }).filter({ hasText: "Question number 2" });
  await question.getByRole("button", { name: "Edit" }).click();
  await question.getByRole("textbox", { name: "Edit message" }).fill("Question number 2, edited");
  await question.getByRole("textbox", { name: "Edit message" }).press("Enter");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Short now");
  await expect(page.getByRole("article")).toHaveCount(4);

  const versions = page.getByRole("group", { name: "Versions of this message" });
  await versions.getByRole("button", { name: "Previous version" }).click();
  await expectShown(versions, 1, 2);
  await expect(page.locator("li[aria-posinset]").last()).toHaveAttribute("aria-setsize", "40");
  await expect(versions).toBeInViewport();
  await page.waitForTimeout(300);
  await expect(versions).toBeInViewport();
  await expect(page.getByText("Answer number 39")).not.toBeInViewport();
});
