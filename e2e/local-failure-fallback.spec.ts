import { connectToFakeApi, expect, lastReply, send, test } from "./appTest";
import { chooseLocalEngine, localModelPanel } from "./localEngine";

test("when the local engine dies mid-conversation, one click continues it with the Mistral API", async ({ page, context, fakeApi }) => {
  // Hold model downloads so the local engine is busy loading when its worker dies.
  await context.route("https://huggingface.co/**", () => undefined);
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  fakeApi.enqueue({ type: "reply", tokens: ["Cloud", " first"] });
  await send(page, "First question");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Cloud first");

  await chooseLocalEngine(page);
  await send(page, "Second question");
  await expect(localModelPanel(page).getByRole("button", { name: "Cancel" })).toBeVisible();
  const findWorker = () => page.workers().find((candidate) => candidate.url().includes("/assets/worker-"));
  await expect.poll(findWorker).toBeDefined();
  const worker = findWorker();
  if (!worker) throw new Error("the web-llm worker is not running");
  // An uncaught error in the worker, as a crash inside the engine would raise.
  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error("simulated engine crash");
    });
  });

  const failed = lastReply(page);
  await expect(failed.getByRole("alert")).toContainText("The local engine stopped unexpectedly.");
  fakeApi.enqueue({ type: "reply", tokens: ["Cloud", " again"] });
  await failed.getByRole("button", { name: "Continue with the Mistral API" }).click();

  await expect(lastReply(page).locator(".message-text")).toHaveText("Cloud again");
  await expect(page.getByLabel("Active engine")).toContainText("Mistral API");
  expect(fakeApi.chatRequests().at(-1)?.body).toMatchObject({
    messages: [
      { role: "user", content: "First question" },
      { role: "assistant", content: "Cloud first" },
      { role: "user", content: "Second question" },
    ],
  });

  // The crash is remembered for the next visit, shown (on a new chat's welcome), and can be forgotten.
  await page.reload();
  await page.getByRole("button", { name: "New chat" }).click();
  const device = page.getByRole("region", { name: "Your device" });
  await expect(device).toContainText("Mistral 7B Instruct v0.3: the local engine crashed");
  await device.getByRole("button", { name: "Forget these failures" }).click();
  await expect(device).not.toContainText("Remembered from earlier");
  await page.reload();
  await page.getByRole("button", { name: "New chat" }).click();
  await expect(page.getByRole("region", { name: "Your device" }).getByRole("definition").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Your device" })).not.toContainText("Remembered from earlier");
});
