import type { Page } from "@playwright/test";
import { expect, lastReply, send, test } from "./appTest";
import type { FakeOpenAiServer } from "./fixtures/fakeOpenAiServer";
import { startFakeOpenAiServer } from "./fixtures/fakeOpenAiServer";

const serverTest = test.extend<{ ollama: FakeOpenAiServer }>({
  ollama: async ({}, use) => {
    const server = await startFakeOpenAiServer({ models: ["mistral:7b-instruct", "mistral-nemo:latest"] });
    await use(server);
    await server.close();
    // Every preflight the browser made must have been one Ollama (with OLLAMA_ORIGINS) accepts.
    expect(server.requests.flatMap((request) => request.validationErrors)).toEqual([]);
  },
});

/** Settings open on "Your own server", pointed at `server`, which has answered with its models. */
async function openServerSettings(page: Page, server: FakeOpenAiServer) {
  await page.goto("/");
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Settings" });
  await dialog.getByRole("radio", { name: /Your own server/ }).check();
  await dialog.getByRole("textbox", { name: "Server URL" }).fill(`${server.url}/v1`);
  await expect(dialog.getByText("Server answers — 2 models available.")).toBeVisible();
  return dialog;
}

serverTest("chat with a self-hosted OpenAI-compatible server: models listed, reply streamed, Stop works", async ({ page, ollama }) => {
  const dialog = await openServerSettings(page, ollama);
  await dialog.getByRole("combobox", { name: "Server model" }).selectOption("mistral-nemo:latest");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByLabel("Active engine")).toContainText("Your server");
  await expect(page.getByLabel("Active engine")).toContainText("mistral-nemo:latest");

  ollama.enqueue({ type: "reply", tokens: ["Bonjour", " depuis", " Ollama", "."], holdAfter: 2 });
  await send(page, "Salut");
  await expect(lastReply(page)).toContainText("Bonjour depuis");
  ollama.release();
  await expect(lastReply(page).locator(".message-text")).toHaveText("Bonjour depuis Ollama.");
  await expect(lastReply(page)).toContainText("4 tokens");

  ollama.enqueue({ type: "reply", tokens: ["A", " long", " one"], holdAfter: 1 });
  await send(page, "Encore");
  await expect(lastReply(page)).toContainText("A");
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(lastReply(page)).toContainText("Stopped");

  const [first] = ollama.chatRequests();
  expect(first?.body).toMatchObject({ model: "mistral-nemo:latest", stream: true, messages: [{ role: "user", content: "Salut" }] });
  // No key was set: none is sent.
  expect(first?.headers.authorization).toBeUndefined();
});

serverTest("a server that is down or refuses this origin is explained, with how to allow it", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Settings" });
  await dialog.getByRole("radio", { name: /Your own server/ }).check();
  await dialog.getByRole("textbox", { name: "Server URL" }).fill("http://127.0.0.1:9/v1");
  await expect(dialog.getByRole("alert")).toContainText("OLLAMA_ORIGINS");
});

serverTest("a chat longer than the server's context goes on without its oldest turns, and says so", async ({ page, ollama }) => {
  const dialog = await openServerSettings(page, ollama);
  await dialog.getByRole("button", { name: "Done" }).click();

  ollama.enqueue({ type: "reply", tokens: ["First answer."] }, { type: "reply", tokens: ["Second answer."] });
  await send(page, "First question");
  await expect(lastReply(page).locator(".message-text")).toHaveText("First answer.");
  await send(page, "Second question");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Second answer.");

  // vLLM's refusal of the whole chat, with its counts; then the reply to what fits.
  const refusal = "This model's maximum context length is 100 tokens. However, you requested 300 tokens (300 in the messages, 0 in the completion). Please reduce the length of the messages or completion.";
  ollama.enqueue({ type: "status", status: 400, body: { object: "error", message: refusal, type: "BadRequestError", code: 400 } }, { type: "reply", tokens: ["Third answer."] });
  await send(page, "Third question");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Third answer.");
  await expect(lastReply(page)).toContainText("This chat no longer fits in the model's context: the model did not see its first 4 messages.");
  await expect(lastReply(page).getByRole("alert")).toHaveCount(0);

  const sent = ollama.chatRequests().map((request) => (request.body as { messages: unknown[] }).messages);
  expect(sent.at(-2)).toHaveLength(5);
  expect(sent.at(-1)).toEqual([{ role: "user", content: "Third question" }]);
});
