import { connectToFakeApi, expect, lastReply, send, test, userMessages } from "./appTest";

test.beforeEach(async ({ page }) => {
  await page.goto("/");
});

test("a reply streams in token by token and its usage is recorded", async ({ page, fakeApi }) => {
  await connectToFakeApi(page, fakeApi);
  fakeApi.enqueue({ type: "reply", tokens: ["The", " mistral", " is", " a", " cold", " wind", "."], holdAfter: 3 });

  await send(page, "What is the mistral?");
  await expect(userMessages(page)).toHaveText("What is the mistral?");

  // Mid-stream: the first tokens are on screen, the reply is busy, and Stop is offered.
  const reply = lastReply(page);
  await expect(reply).toContainText("The mistral is");
  await expect(reply).not.toContainText("cold");
  await expect(reply).toHaveAttribute("aria-busy", "true");
  await expect(page.getByRole("button", { name: "Stop" })).toBeVisible();
  // Screen readers are told a reply is being written, and when it is done (a live region).
  const announcer = page.locator("main p.visually-hidden[role='status']");
  await expect(announcer).toHaveText("Writing a reply…");

  fakeApi.release();
  await expect(reply.locator(".message-text")).toHaveText("The mistral is a cold wind.");
  await expect(reply).toHaveAttribute("aria-busy", "false");
  await expect(announcer).toHaveText("Reply finished.");
  await expect(reply).toContainText("7 tokens");
  await expect(reply).toContainText("tokens/s");
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();

  const [request] = fakeApi.chatRequests();
  expect(request?.headers.authorization).toBe(`Bearer ${fakeApi.apiKey}`);
  expect(request?.body).toMatchObject({
    model: "mistral-small-latest",
    stream: true,
    messages: [{ role: "user", content: "What is the mistral?" }],
  });

  // The SDK ran in its worker: the page itself never loaded it.
  expect(page.workers().some((worker) => worker.url().includes("mistralApiWorker"))).toBe(true);
  const pageScripts = await page.evaluate(() => performance.getEntriesByType("resource").map((entry) => entry.name));
  expect(pageScripts.filter((url) => url.includes("mistralApiEngine"))).toEqual([]);
});

test("Stop keeps the partial reply and the next message carries on the conversation", async ({ page, fakeApi }) => {
  await connectToFakeApi(page, fakeApi);
  fakeApi.enqueue(
    { type: "reply", tokens: ["One", " two", " three", " four"], holdAfter: 2 },
    { type: "reply", tokens: ["Carrying", " on", "."] },
  );

  await send(page, "Count");
  await expect(lastReply(page)).toContainText("One two");
  await page.getByRole("button", { name: "Stop" }).click();

  const stopped = lastReply(page);
  await expect(stopped).toContainText("Stopped");
  await expect(page.locator("main p.visually-hidden[role='status']")).toHaveText("Reply stopped.");
  await expect(stopped.locator(".message-text")).toHaveText("One two");
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  // Stop is gone with the reply: focus is back in the box, for the next message.
  await expect(page.getByRole("textbox", { name: "Message" })).toBeFocused();

  await send(page, "Go on");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Carrying on.");
  await expect(page.getByRole("article", { name: /^Reply from/ }).first().locator(".message-text")).toHaveText("One two");

  const second = fakeApi.chatRequests()[1];
  expect(second?.body).toMatchObject({
    messages: [
      { role: "user", content: "Count" },
      { role: "assistant", content: "One two" },
      { role: "user", content: "Go on" },
    ],
  });
});

test("Enter sends, Shift+Enter starts a new line, Escape stops", async ({ page, fakeApi }) => {
  await connectToFakeApi(page, fakeApi);
  fakeApi.enqueue({ type: "reply", tokens: ["Long", " answer"], holdAfter: 1 });
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill("line one");
  await composer.press("Shift+Enter");
  await composer.pressSequentially("line two");
  await expect(composer).toHaveValue("line one\nline two");
  await composer.press("Enter");
  await expect(composer).toHaveValue("");
  await expect(composer).toBeFocused();
  await expect(lastReply(page)).toContainText("Long");
  await page.keyboard.press("Escape");
  await expect(lastReply(page)).toContainText("Stopped");
  expect(fakeApi.chatRequests()[0]?.body).toMatchObject({ messages: [{ role: "user", content: "line one\nline two" }] });
});

test("the model list comes from the API once the key works", async ({ page, fakeApi }) => {
  await connectToFakeApi(page, fakeApi);
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const model = page.getByRole("dialog", { name: "Settings" }).getByRole("combobox", { name: "Model", exact: true });
  await expect(model.getByRole("option", { name: "open-mistral-nemo" })).toHaveCount(1);
  await model.selectOption("mistral-large-latest");
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByLabel("Active engine")).toContainText("mistral-large-latest");

  await send(page, "Hello");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
  expect(fakeApi.chatRequests()[0]?.body).toMatchObject({ model: "mistral-large-latest" });
  expect(fakeApi.requests.some((request) => request.method === "GET" && request.path === "/v1/models")).toBe(true);
});

test("offline, the composer says why the Mistral API cannot be used, and works again once back online", async ({ page, context, fakeApi }) => {
  await connectToFakeApi(page, fakeApi);
  await page.getByRole("textbox", { name: "Message" }).fill("Hello");
  await context.setOffline(true);
  await expect(page.getByRole("status").filter({ hasText: "You are offline, so the Mistral API cannot be reached" })).toBeVisible();
  // The banner says what still works offline.
  await expect(page.getByRole("status").filter({ hasText: "You are offline. Your chats are all here." })).toContainText("The Mistral API needs a connection");
  await expect(page.getByRole("button", { name: "Send" })).toBeDisabled();
  await context.setOffline(false);
  await expect(page.getByRole("status").filter({ hasText: "You are offline" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send" })).toBeEnabled();
  await page.getByRole("button", { name: "Send" }).click();
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
});
