import { connectToFakeApi, expect, lastReply, send, test } from "./appTest";
import type { Page } from "@playwright/test";

// Granted for every origin in the context: the Copy button writes, the test reads it back.
test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test.beforeEach(async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
});

/** Streams `text` as one token per line, the way a model sends a reply in pieces. */
function linesAsTokens(text: string): string[] {
  return text.split(/(?<=\n)/);
}

function pwned(page: Page) {
  return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

const richReply = [
  "## Winds of France",
  "",
  "| Wind | Region |",
  "| --- | --- |",
  "| Mistral | Rhône valley |",
  "| Tramontane | Roussillon |",
  "",
  "```ts",
  'const wind: string = "mistral";',
  "```",
  "",
  "More at [Météo-France](https://meteofrance.com/).",
  "",
].join("\n");

test("a streamed reply renders its heading, table, highlighted code and link", async ({ page, fakeApi }) => {
  fakeApi.enqueue({ type: "reply", tokens: linesAsTokens(richReply) });
  await send(page, "Which winds blow in France?");

  const reply = lastReply(page);
  await expect(reply).toHaveAttribute("aria-busy", "false");
  const content = reply.locator(".message-text");
  await expect(content.getByRole("heading", { level: 2, name: "Winds of France" })).toBeVisible();

  const table = content.getByRole("table");
  await expect(table).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table.getByRole("cell", { name: "Roussillon" })).toBeVisible();

  const code = content.locator("pre code");
  await expect(code).toHaveClass(/\bhljs\b/);
  await expect(code).toHaveClass(/\blanguage-ts\b/);
  await expect(code.locator(".hljs-keyword").first()).toHaveText("const");
  await expect(code.locator(".hljs-string")).toHaveText('"mistral"');

  const link = content.getByRole("link", { name: "Météo-France" });
  await expect(link).toHaveAttribute("href", "https://meteofrance.com/");
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer");
});

test("script links and raw HTML in a reply neither link nor run", async ({ page, fakeApi }) => {
  const hostile = [
    "Try [click me](javascript:window.__pwned=1) or [this](JaVaScRiPt:window.__pwned=2).",
    "",
    'Inline <img src=x onerror="window.__pwned=3"> image.',
    "",
    "<script>window.__pwned = 4</script>",
    "",
    '<a href="javascript:window.__pwned=5">html link</a>',
    "",
  ].join("\n");
  fakeApi.enqueue({ type: "reply", tokens: linesAsTokens(hostile) });
  await send(page, "Say something nasty");

  const reply = lastReply(page);
  await expect(reply).toHaveAttribute("aria-busy", "false");
  const content = reply.locator(".message-text");
  await expect(content).toContainText("click me");
  await expect(content).toContainText("<img src=x");
  await expect(content.getByRole("link")).toHaveCount(0);
  await expect(content.locator("a, img, script")).toHaveCount(0);

  // Clicking where the link would have been does nothing either.
  await content.getByText("click me").click();
  expect(await pwned(page)).toBeUndefined();
});

test("an image is fetched only after Show image", async ({ page, fakeApi, seenRequests }) => {
  const imageUrl = "https://images.example/cat.png";
  fakeApi.enqueue({ type: "reply", tokens: ["Here: ", `![a cat](${imageUrl})`] });
  await send(page, "Show me a cat");

  const content = lastReply(page).locator(".message-text");
  await expect(content).toContainText(`Image: a cat — ${imageUrl}`);
  await expect(content.locator("img")).toHaveCount(0);
  expect(seenRequests.filter((request) => request.url === imageUrl)).toEqual([]);

  await content.getByRole("button", { name: "Show image" }).click();
  await expect(content.locator("img")).toHaveAttribute("src", imageUrl);
  // The host does not resolve here, but the attempt proves the fetch waited for the click.
  await expect.poll(() => seenRequests.some((request) => request.url === imageUrl)).toBe(true);
});

test("Copy code puts the code on the clipboard", async ({ page, fakeApi }) => {
  fakeApi.enqueue({ type: "reply", tokens: linesAsTokens("```ts\nconst a = 1;\nconst b = a + 1;\n```\n") });
  await send(page, "Some code please");

  const content = lastReply(page).locator(".message-text");
  await content.getByRole("button", { name: "Copy code" }).click();
  await expect(content.getByRole("status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("const a = 1;\nconst b = a + 1;");
});
