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

serverTest("chat with a self-hosted OpenAI-compatible server: models listed, reply streamed, Stop works", async ({ page, ollama }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Settings" });
  await dialog.getByRole("radio", { name: /Your own server/ }).check();
  await dialog.getByRole("textbox", { name: "Server URL" }).fill(`${ollama.url}/v1`);
  await expect(dialog.getByText("Server answers — 2 models available.")).toBeVisible();
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
