import { connectToFakeApi, expect, lastReply, send, test, userMessages } from "./appTest";
import type { Page } from "@playwright/test";

test.beforeEach(async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  // A first good exchange: whatever fails next must not take it away.
  fakeApi.enqueue({ type: "reply", tokens: ["Earlier", " answer"] });
  await send(page, "Earlier question");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Earlier answer");
});

async function expectEarlierExchangeKept(page: Page) {
  await expect(userMessages(page).first()).toHaveText("Earlier question");
  await expect(page.getByRole("article", { name: /^Reply from/ }).first().locator(".message-text")).toHaveText("Earlier answer");
}

test("401 says the key was rejected and leads to Settings", async ({ page, fakeApi }) => {
  fakeApi.enqueue({ type: "status", status: 401 });
  await send(page, "Hello?");
  const alert = lastReply(page).getByRole("alert");
  await expect(alert).toContainText("The server rejected your API key.");
  await expect(alert).toContainText("Check your key in Settings");
  await expectEarlierExchangeKept(page);
  await expect(userMessages(page).last()).toHaveText("Hello?");

  await alert.getByRole("button", { name: "Open Settings" }).click();
  await expect(page.getByRole("dialog", { name: "Settings" })).toBeVisible();
  await expect(page.getByLabel("Mistral API key")).toBeFocused();

  // A chat whose only reply failed was answered by no model: its header names none.
  await page.keyboard.press("Escape");
  const chat = page.getByRole("main", { name: "Chat" });
  await expect(chat.getByText(/^Answered by mistral-small-latest/)).toBeVisible();
  await page.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: "New chat" }).click();
  fakeApi.enqueue({ type: "status", status: 401 });
  await send(page, "Anyone?");
  await expect(lastReply(page).getByRole("alert")).toContainText("The server rejected your API key.");
  await expect(chat.getByText(/^Answered by/)).toHaveCount(0);
});

test("429 shows when to retry, honours Retry-After, and Retry then works", async ({ page, fakeApi }) => {
  fakeApi.enqueue({ type: "status", status: 429, retryAfterSeconds: 2 }, { type: "reply", tokens: ["Now", " it", " works"] });
  await send(page, "Again");
  const alert = lastReply(page).getByRole("alert");
  await expect(alert).toContainText("rate limit");
  await expect(alert).toContainText(/You can retry in [12] s/);
  const retry = alert.getByRole("button", { name: "Retry" });
  await expect(retry).toBeDisabled();
  await expect(retry).toBeEnabled({ timeout: 5_000 });
  await retry.click();
  await expect(lastReply(page).locator(".message-text")).toHaveText("Now it works");
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expectEarlierExchangeKept(page);
  expect(fakeApi.chatRequests()).toHaveLength(3);
});

test("500 says the server had a problem", async ({ page, fakeApi }) => {
  fakeApi.enqueue({ type: "status", status: 500 });
  await send(page, "Hello?");
  await expect(lastReply(page).getByRole("alert")).toContainText("The server had a problem (HTTP 500).");
  await expectEarlierExchangeKept(page);
});

test("a stream cut mid-way keeps the partial reply, marked incomplete", async ({ page, fakeApi }) => {
  fakeApi.enqueue({ type: "cut", tokens: ["Half", " of", " the", " answer", " lost"], cutAfter: 3, holdAfter: 3 });
  await send(page, "Tell me everything");
  const reply = lastReply(page);
  await expect(reply.locator(".message-text")).toHaveText("Half of the");
  fakeApi.release();
  await expect(reply.getByRole("alert")).toContainText("The connection dropped before the reply finished");
  await expect(reply.locator(".message-text")).toHaveText("Half of the");
  await expect(reply).toContainText("Incomplete");
  await expectEarlierExchangeKept(page);
});

test("422 is explained with the server's words", async ({ page, fakeApi }) => {
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  await page.getByRole("combobox", { name: "Model", exact: true }).selectOption("mistral-large-latest");
  await page.getByRole("button", { name: "Done" }).click();
  fakeApi.enqueue({
    type: "status",
    status: 422,
    body: { detail: [{ loc: ["body", "model"], msg: "Invalid model: mistral-large-latest", type: "invalid_model" }] },
  });
  await send(page, "Hello?");
  const alert = lastReply(page).getByRole("alert");
  await expect(alert).toContainText("The server did not accept the request (HTTP 422).");
  await expect(alert).toContainText("model: Invalid model: mistral-large-latest");
});
