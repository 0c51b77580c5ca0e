import { readFile, writeFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { connectToFakeApi, expect, lastReply, savedState, send, test } from "./appTest";

/** The saved conversations, as the app stores them (messages, settings, timestamps: everything). */
async function savedConversations(page: Page): Promise<unknown[]> {
  const saved = JSON.parse(await savedState(page)) as { state: { conversations: { id: string }[] } };
  return saved.state.conversations.sort((a, b) => a.id.localeCompare(b.id));
}

async function chooseImportFile(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Import chats…" }).click();
  await (await chooser).setFiles(file);
}

test("export all → delete all → import gives back identical conversations; a second import adds nothing", async ({ page, fakeApi }, testInfo) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  fakeApi.enqueue({ type: "reply", tokens: ["| a | b |\n|---|---|\n| 1 | 2 |"] }, { type: "reply", tokens: ["Bonjour"] });
  await send(page, "A table please");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
  await sidebar.getByRole("button", { name: "New chat" }).click();
  await page.getByRole("button", { name: "Chat settings" }).click();
  await page.getByRole("dialog", { name: "Chat settings" }).getByRole("button", { name: "Translator" }).click();
  await page.getByRole("dialog", { name: "Chat settings" }).getByRole("button", { name: "Save" }).click();
  await send(page, "Hello");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
  await expect.poll(() => savedState(page)).toContain("Bonjour");
  const before = await savedConversations(page);

  const download = page.waitForEvent("download");
  await sidebar.getByRole("button", { name: "Export all (JSON)" }).click();
  const file = testInfo.outputPath("export.json");
  await (await download).saveAs(file);
  expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ format: "tramontane-conversations", version: 1 });

  const markdownDownload = page.waitForEvent("download");
  await sidebar.getByRole("button", { name: "Export all (Markdown)" }).click();
  const markdownFile = testInfo.outputPath("export.md");
  await (await markdownDownload).saveAs(markdownFile);
  const markdown = await readFile(markdownFile, "utf8");
  expect(markdown).toContain("# A table please");
  expect(markdown).toContain("| 1 | 2 |");
  expect(markdown).toContain("Translate everything I write into French");

  await sidebar.getByRole("button", { name: "Delete “Hello”" }).click();
  await sidebar.getByRole("button", { name: "Delete “A table please”" }).click();
  await expect(sidebar.getByRole("listitem")).toHaveCount(0);

  await chooseImportFile(page, file);
  const transfer = sidebar.getByRole("region", { name: "Export and import" });
  await expect(transfer.getByRole("status")).toHaveText("Imported 2 chats.");
  await expect(sidebar.getByRole("listitem")).toHaveText([/Hello/, /A table please/]);
  await expect.poll(() => savedConversations(page)).toEqual(before);

  await chooseImportFile(page, file);
  await expect(transfer.getByRole("status")).toHaveText("Nothing new: all 2 chats in this file are already here.");
  await expect(sidebar.getByRole("listitem")).toHaveCount(2);

  // One chat on its own, from its header.
  await sidebar.getByRole("button", { name: "Hello", exact: true }).click();
  const exportButton = page.getByText("Export", { exact: true });
  const asMarkdown = page.getByRole("button", { name: "This chat as Markdown" });
  await exportButton.click();
  const single = page.waitForEvent("download");
  await asMarkdown.click();
  expect((await single).suggestedFilename()).toBe("tramontane-hello.md");
  // The menu closes as a menu does: once a format is chosen, on Escape, on a click outside it.
  await expect(asMarkdown).toBeHidden();
  await exportButton.click();
  await page.keyboard.press("Escape");
  await expect(asMarkdown).toBeHidden();
  await expect(exportButton).toBeFocused();
  await exportButton.click();
  await page.getByRole("heading", { name: "Hello", exact: true }).click();
  await expect(asMarkdown).toBeHidden();
  // On a phone, where Export sits at the left of its row, the menu opens inside the window.
  await page.setViewportSize({ width: 360, height: 740 });
  await exportButton.click();
  await expect(asMarkdown).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole("button", { name: "This chat as JSON" })).toBeInViewport({ ratio: 1 });
});

test("a bad import file is refused with a clear reason and changes nothing", async ({ page, fakeApi }, testInfo) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  await send(page, "Keep me");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
  await expect.poll(() => savedState(page)).toContain("Keep me");
  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  const before = await savedState(page);

  // Playwright passes files over 50 MB by path only.
  const huge = testInfo.outputPath("huge.json");
  await writeFile(huge, Buffer.alloc(51 * 1024 * 1024, 32));
  const cases: { file: string | { name: string; mimeType: string; buffer: Buffer }; error: RegExp }[] = [
    { file: { name: "notes.json", mimeType: "application/json", buffer: Buffer.from("this is not json {") }, error: /not JSON/ },
    { file: { name: "other.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ hello: "world" })) }, error: /not a Tramontane export/ },
    {
      file: {
        name: "damaged.json",
        mimeType: "application/json",
        buffer: Buffer.from(JSON.stringify({ format: "tramontane-conversations", version: 1, exportedAt: "", conversations: [{ id: "x", title: 3 }] })),
      },
      error: /damaged; nothing was imported/,
    },
    { file: huge, error: /larger than 50 MB/ },
  ];
  for (const { file, error } of cases) {
    await chooseImportFile(page, file);
    await expect(sidebar.getByRole("alert")).toHaveText(error);
    await expect(sidebar.getByRole("listitem")).toHaveText([/Keep me/]);
  }
  expect(await savedState(page)).toBe(before);
});
