import AxeBuilder from "@axe-core/playwright";
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
  "- Cold",
  "  - and dry",
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

  // The reply's list is marked as a list of its own, though the reply sits in the chat's list.
  const bullets = await content.locator("ul").evaluateAll((lists) => lists.map((list) => getComputedStyle(list).listStyleType));
  expect(bullets).toEqual(["disc", "circle"]);
});

test("math in a reply is typeset (KaTeX, with MathML for screen readers, under the CSP); prices and code stay text", async ({ page, fakeApi, context }) => {
  const mathReply = "The area of a circle is \\(A = \\pi r^2\\), for $r$ its radius; it costs $5 and $10 to print.\n\n\\[\n\\int_0^1 x^2 \\, dx = \\frac{1}{3}\n\\]\n\nRun `echo $HOME` to check.\n";
  fakeApi.enqueue({ type: "reply", tokens: mathReply.match(/.{1,4}/gs) ?? [] });
  await send(page, "Area of a circle?");
  const reply = lastReply(page);
  await expect(reply).toHaveAttribute("aria-busy", "false");
  const content = reply.locator(".message-text");
  await expect(content.locator(".katex")).toHaveCount(3);
  await expect(content.locator(".md-math-display .katex-display")).toHaveCount(1);
  // What screen readers read: MathML, with the TeX as its annotation.
  await expect(content.locator("math annotation").first()).toHaveText("A = \\pi r^2");
  await expect(content.locator(".md-math-source")).toHaveCount(0);
  await expect(content.locator("p").first()).toContainText("it costs $5 and $10 to print.");
  await expect(content.locator("p code")).toHaveText("echo $HOME");
  // KaTeX's fonts are the app's own, allowed by the policy: the formula is drawn in them.
  await expect.poll(() => page.evaluate(() => [...document.fonts].some((font) => font.family === "KaTeX_Main" && font.status === "loaded"))).toBe(true);
  expect((await new AxeBuilder({ page }).include(".message-text").analyze()).violations).toEqual([]);
  // Copy gives the reply as the model wrote it.
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await reply.getByRole("button", { name: "Copy message" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(mathReply);
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

test("a remote image or script in a reply is never fetched; the image can be opened in a new tab", async ({ page, fakeApi, seenRequests }) => {
  const imageUrl = "https://images.example/cat.png";
  fakeApi.enqueue({ type: "reply", tokens: ["Here: ", `![a cat](${imageUrl})`, '\n\n<script src="https://scripts.example/x.js"></script>\n'] });
  await send(page, "Show me a cat");

  const content = lastReply(page).locator(".message-text");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
  await expect(content).toContainText(`Image: a cat — ${imageUrl}`);
  await expect(content.locator("img, script")).toHaveCount(0);
  expect(seenRequests.filter((request) => /images\.example|scripts\.example/.test(request.url))).toEqual([]);

  // Opening it is the person's choice, in a tab of its own, without a referrer.
  const popup = page.waitForEvent("popup");
  await content.getByRole("link", { name: "Open image in a new tab" }).click();
  await popup;
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

test("obfuscated script links, data/vbscript links and tracking images stay inert", async ({ page, fakeApi, seenRequests }) => {
  const hostile = [
    "[a](&#106;avascript:window.__pwned=1) [b](java%0Ascript:window.__pwned=2) [c]( javascript:window.__pwned=3)",
    "[d](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD00PC9zY3JpcHQ+) [e](vbscript:msgbox(1)) [f](JAVA&#x09;SCRIPT:window.__pwned=6)",
    "",
    "[![pixel](https://tracker.example/p.gif?chat=secret)](https://tracker.example/click)",
    "",
    "![ref pixel][px]",
    "",
    "[px]: https://tracker.example/ref.gif",
    "",
    '<svg onload="window.__pwned=7"></svg> <iframe src="javascript:window.__pwned=8"></iframe>',
    "",
  ].join("\n");
  fakeApi.enqueue({ type: "reply", tokens: linesAsTokens(hostile) });
  await send(page, "Hide a tracker");
  const content = lastReply(page).locator(".message-text");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
  await expect(content.locator("img, svg, iframe, script")).toHaveCount(0);
  await expect(content.locator(".markdown")).toBeVisible();
  // The only live links are https ones: the link around the image, and "Open image in a new tab"
  // for the reference-style image. No script, data or vbscript link exists.
  const hrefs = await content.locator("a").evaluateAll((links) => links.map((link) => link.getAttribute("href")));
  expect(hrefs).toEqual(["https://tracker.example/click", "https://tracker.example/ref.gif"]);
  for (const name of ["a", "b", "c", "d", "e", "f"]) await content.getByText(name, { exact: true }).first().click();
  expect(await pwned(page)).toBeUndefined();
  expect(seenRequests.filter((request) => request.url.includes("tracker.example"))).toEqual([]);
});

test("a 10,000-line code block streams in and the page stays usable", async ({ page, fakeApi }) => {
  const lines = Array.from({ length: 10_000 }, (_, index) => `console.log("line ${index}");\n`);
  // One token per ten lines: a thousand updates, as a fast model would send them.
  const tokens = ["```js\n"];
  for (let index = 0; index < lines.length; index += 10) tokens.push(lines.slice(index, index + 10).join(""));
  tokens.push("```\n");
  fakeApi.enqueue({ type: "reply", tokens });
  await send(page, "Print ten thousand lines");
  // A CSS locator: role queries walk the accessibility tree of 10,000 lines on every poll.
  const reply = page.locator("article.message-assistant").last();
  await expect(reply).toHaveAttribute("aria-busy", "false", { timeout: 25_000 });
  await expect(reply.locator("pre code")).toContainText('console.log("line 9999");');
  // Too long to highlight without freezing the page: shown plain.
  await expect(reply.locator("pre code")).toHaveClass(/no-highlight/);
  // Still responsive: typing in the composer shows at once.
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill("Still here");
  await expect(composer).toHaveValue("Still here");
});
