import { connectToFakeApi, expect, lastReply, send, test, userMessages } from "./appTest";

test("edit a message and resend it: later turns are replaced, and the history sent is the edited one", async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  fakeApi.enqueue({ type: "reply", tokens: ["Paris"] }, { type: "reply", tokens: ["About", " 2", " million"] }, { type: "reply", tokens: ["Rome"] });
  await send(page, "Capital of France?");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Paris");
  await send(page, "How many people live there?");
  await expect(lastReply(page).locator(".message-text")).toHaveText("About 2 million");

  const first = page.getByRole("article", { name: "You" }).first();
  await first.getByRole("button", { name: "Edit" }).click();
  const editor = first.getByRole("textbox", { name: "Edit message" });
  await expect(editor).toBeFocused();
  // Esc cancels and gives focus back to Edit.
  await editor.press("Escape");
  await expect(first.getByRole("button", { name: "Edit" })).toBeFocused();
  await first.getByRole("button", { name: "Edit" }).click();
  await editor.fill("Capital of Italy?");
  await editor.press("Enter");

  await expect(userMessages(page)).toHaveText(["Capital of Italy?"]);
  await expect(lastReply(page).locator(".message-text")).toHaveText("Rome");
  await expect(page.getByRole("article")).toHaveCount(2);
  expect(fakeApi.chatRequests().at(-1)?.body).toMatchObject({ messages: [{ role: "user", content: "Capital of Italy?" }] });
});

test("regenerate the last reply, copy a message, delete one and undo", async ({ page, context, fakeApi }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  fakeApi.enqueue({ type: "reply", tokens: ["First", " try"] }, { type: "reply", tokens: ["Second", " try"] });
  await send(page, "Name a wind");
  await expect(lastReply(page).locator(".message-text")).toHaveText("First try");

  await lastReply(page).getByRole("button", { name: "Regenerate" }).click();
  await expect(lastReply(page).locator(".message-text")).toHaveText("Second try");
  await expect(page.getByRole("article")).toHaveCount(2);
  const requests = fakeApi.chatRequests();
  expect(requests.at(-1)?.body).toEqual(requests.at(-2)?.body);

  await lastReply(page).getByRole("button", { name: "Copy message" }).click();
  await expect(lastReply(page).getByRole("button", { name: "Copy message" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("Second try");

  await lastReply(page).getByRole("button", { name: "Delete message" }).click();
  await expect(page.getByRole("article")).toHaveCount(1);
  await page.getByRole("main").getByRole("button", { name: "Undo" }).click();
  await expect(lastReply(page).locator(".message-text")).toHaveText("Second try");
  await expect(page.getByRole("article")).toHaveCount(2);
});

test("search chats by title and text, and rename one (the tab's title follows)", async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  fakeApi.enqueue({ type: "reply", tokens: ["The", " mistral", " blows", " down", " the", " Rhône", " valley."] }, { type: "reply", tokens: ["Use", " a", " blowtorch."] });
  await expect(page).toHaveTitle("Tramontane");
  await send(page, "Tell me about winds");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
  // The browser's tab names the open chat.
  await expect(page).toHaveTitle("Tell me about winds – Tramontane");
  await sidebar.getByRole("button", { name: "New chat" }).click();
  await expect(page).toHaveTitle("Tramontane");
  await send(page, "Crème brûlée tips");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");

  const search = sidebar.getByRole("searchbox", { name: "Search chats" });
  await search.fill("rhone");
  await expect(sidebar.getByRole("listitem")).toHaveCount(1);
  await expect(sidebar.getByRole("listitem")).toContainText("Tell me about winds");
  await expect(sidebar.getByRole("listitem")).toContainText("blows down the Rhône valley");
  await search.fill("creme");
  await expect(sidebar.getByRole("listitem")).toHaveText([/Crème brûlée tips/]);
  await search.fill("sirocco");
  await expect(sidebar.getByRole("status")).toHaveText("No chat mentions “sirocco”.");
  await search.fill("");
  await expect(sidebar.getByRole("listitem")).toHaveCount(2);

  await sidebar.getByRole("button", { name: "Rename “Tell me about winds”" }).click();
  const name = sidebar.getByRole("textbox", { name: "Chat name" });
  await expect(name).toBeFocused();
  await name.fill("Winds of Provence");
  await name.press("Enter");
  await expect(sidebar.getByRole("button", { name: "Winds of Provence", exact: true })).toBeVisible();
  await expect(sidebar.getByRole("button", { name: "Rename “Winds of Provence”" })).toBeFocused();
  // Esc leaves the name as it was.
  await sidebar.getByRole("button", { name: "Rename “Winds of Provence”" }).click();
  await name.fill("Something else");
  await name.press("Escape");
  await expect(sidebar.getByRole("button", { name: "Winds of Provence", exact: true })).toBeVisible();
  await sidebar.getByRole("button", { name: "Winds of Provence", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Winds of Provence" })).toBeVisible();
  await expect(page).toHaveTitle("Winds of Provence – Tramontane");
});

test("a chat's own system prompt and sampling are sent with it, and the header says who answered", async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  const main = page.getByRole("main");
  await main.getByRole("button", { name: "Chat settings" }).click();
  const dialog = page.getByRole("dialog", { name: "Chat settings" });
  await dialog.getByRole("button", { name: "Concise" }).click();
  await expect(dialog.getByRole("textbox", { name: "System prompt" })).toHaveValue(/Answer briefly/);
  await dialog.getByRole("slider", { name: /Temperature/ }).fill("0.2");
  await dialog.getByRole("textbox", { name: "Max tokens per reply" }).fill("abc");
  await expect(dialog.getByRole("button", { name: "Save" })).toBeDisabled();
  await dialog.getByRole("textbox", { name: "Max tokens per reply" }).fill("256");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(main.getByText("System prompt on")).toBeVisible();

  await send(page, "Hello");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
  expect(fakeApi.chatRequests().at(-1)?.body).toMatchObject({
    messages: [
      { role: "system", content: expect.stringContaining("Answer briefly") },
      { role: "user", content: "Hello" },
    ],
    temperature: 0.2,
    max_tokens: 256,
  });
  await expect(main.getByText("Answered by mistral-small-latest · Mistral API")).toBeVisible();

  // A new chat starts from the defaults again.
  await page.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: "New chat" }).click();
  await send(page, "Hi again");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
  const body = fakeApi.chatRequests().at(-1)?.body as { messages: unknown[]; temperature: number; max_tokens?: number };
  expect(body.messages).toEqual([{ role: "user", content: "Hi again" }]);
  expect(body.temperature).toBe(0.7);
  expect(body.max_tokens).toBeUndefined();
});
