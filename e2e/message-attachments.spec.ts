import AxeBuilder from "@axe-core/playwright";
import { connectToFakeApi, expect, lastReply, test } from "./appTest";

const notes = "# Shopping\n```\nflour, yeast\n```\n";

test("attach text files to a message: chosen, checked, sent to the model, shown as files, kept", async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi, { remember: true });
  fakeApi.enqueue({ type: "reply", tokens: ["Flour", " and yeast."] });
  const box = page.getByRole("textbox", { name: "Message" });
  const attached = page.getByRole("list", { name: "Attached files" });

  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Attach text files" }).click();
  await (await chooser).setFiles([
    { name: "notes.md", mimeType: "text/markdown", buffer: Buffer.from(notes) },
    { name: "photo.png", mimeType: "image/png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00]) },
    { name: "extra.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n") },
  ]);
  await expect(attached.getByRole("listitem")).toHaveText([/notes\.md/, /extra\.csv/]);
  await expect(page.getByRole("alert")).toContainText('"photo.png" is not a text file');
  expect((await new AxeBuilder({ page }).include(".composer").analyze()).violations).toEqual([]);

  // One taken off again; focus goes back to the box.
  await attached.getByRole("button", { name: "Remove extra.csv" }).click();
  await expect(attached.getByRole("listitem")).toHaveText([/notes\.md/]);
  await expect(box).toBeFocused();

  await box.fill("What do I need?");
  await box.press("Enter");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Flour and yeast.");
  await expect(attached).toBeHidden();
  await expect(page.getByRole("alert")).toBeHidden();

  // The model read the file, named and fenced (its own fence cannot close it), then the question.
  const [request] = fakeApi.chatRequests();
  expect(request?.body).toMatchObject({ messages: [{ role: "user", content: `File "notes.md":\n\`\`\`\`\n${notes}\n\`\`\`\`\n\nWhat do I need?` }] });

  // The chat shows the file as a file, whose text opens as text; so after a reload.
  const question = page.getByRole("article", { name: "You" });
  await expect(question.locator(".message-text")).toHaveText("What do I need?");
  for (const round of ["before", "after a reload"]) {
    if (round !== "before") await page.reload();
    const file = question.getByRole("group").filter({ hasText: "notes.md" });
    await file.getByText("notes.md").click();
    await expect(file.locator("pre")).toHaveText(notes);
  }

  // Edited, the question keeps its file (shown while editing), and the model reads both again.
  fakeApi.enqueue({ type: "reply", tokens: ["Yeast."] });
  await question.getByRole("button", { name: "Edit" }).click();
  await expect(question.getByRole("group").filter({ hasText: "notes.md" })).toBeVisible();
  await question.getByRole("textbox", { name: "Edit message" }).fill("What is missing?");
  await question.getByRole("textbox", { name: "Edit message" }).press("Enter");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Yeast.");
  expect(fakeApi.chatRequests().at(-1)?.body).toMatchObject({ messages: [{ role: "user", content: `File "notes.md":\n\`\`\`\`\n${notes}\n\`\`\`\`\n\nWhat is missing?` }] });
});

test("a file dropped on the Message box is attached to that chat only, and a file alone can be sent", async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  fakeApi.enqueue({ type: "reply", tokens: ["First."] }, { type: "reply", tokens: ["Read it."] });
  const box = page.getByRole("textbox", { name: "Message" });
  const attached = page.getByRole("list", { name: "Attached files" });
  const conversations = page.getByRole("navigation", { name: "Conversations" });
  await box.fill("A first chat");
  await box.press("Enter");
  await expect(lastReply(page).locator(".message-text")).toHaveText("First.");

  await conversations.getByRole("button", { name: "New chat" }).click();
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["Minutes of the meeting."], "minutes.txt", { type: "text/plain" }));
    return transfer;
  });
  await box.dispatchEvent("drop", { dataTransfer });
  await expect(attached.getByRole("listitem")).toHaveText([/minutes\.txt/]);

  // Not in another chat's box; back in this one's when it is open again.
  await conversations.getByRole("button", { name: "A first chat", exact: true }).click();
  await expect(attached).toBeHidden();
  await conversations.getByRole("button", { name: "New chat" }).click();
  await expect(attached.getByRole("listitem")).toHaveText([/minutes\.txt/]);

  await page.getByRole("button", { name: "Send" }).click();
  await expect(lastReply(page).locator(".message-text")).toHaveText("Read it.");
  await expect(conversations.getByRole("button", { name: "minutes.txt", exact: true })).toBeVisible();
  expect(fakeApi.chatRequests()[1]?.body).toMatchObject({ messages: [{ role: "user", content: 'File "minutes.txt":\n```\nMinutes of the meeting.\n```' }] });
});
