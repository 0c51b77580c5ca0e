import type { BrowserContext, Page } from "@playwright/test";
import { contentSecurityPolicy, productionHeaders } from "../src/security/productionHeaders.ts";
import { connectToFakeApi, expect, test } from "./appTest";
import { startStaticServer } from "./fixtures/staticServer";
import { chooseLocalEngine, localModelPanel } from "./localEngine";

/** The model host answers with a config and a real (empty) WebAssembly module as the model library. */
async function serveEmptyModelLibrary(context: BrowserContext) {
  await context.route("https://huggingface.co/**/mlc-chat-config.json", (route) =>
    route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ context_window_size: 4096 }) }),
  );
  await context.route("https://raw.githubusercontent.com/**/*.wasm", (route) =>
    route.fulfill({ status: 200, contentType: "application/wasm", body: Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]) }),
  );
}

async function loadLocalModel(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await chooseLocalEngine(page);
  await localModelPanel(page).getByRole("button", { name: "Download and load" }).click();
  const alert = localModelPanel(page).getByRole("alert");
  await expect(alert).toBeVisible();
  return (await alert.textContent()) ?? "";
}

test.describe("the web-llm worker compiles WebAssembly under the policy", () => {
  test("with the app's policy, the worker compiles the model library (and fails only later, on its missing exports)", async ({ page, context }) => {
    await serveEmptyModelLibrary(context);
    const server = await startStaticServer("dist");
    try {
      const text = await loadLocalModel(page, server.url);
      expect(text).not.toMatch(/Content Security Policy|wasm-eval|wasm-unsafe-eval/i);
    } finally {
      await server.close();
    }
  });

  test.describe(() => {
    test.use({ allowPolicyViolations: true });
    test("without 'wasm-unsafe-eval' the same load is refused by the policy (so the test above can fail)", async ({ page, context, policyViolations }) => {
      await serveEmptyModelLibrary(context);
      const withoutWasm = contentSecurityPolicy.replace(" 'wasm-unsafe-eval'", "");
      const server = await startStaticServer("dist", { ...productionHeaders, "Content-Security-Policy": withoutWasm });
      try {
        const text = await loadLocalModel(page, server.url);
        expect(`${text} ${policyViolations.join(" ")}`).toMatch(/Content Security Policy|wasm-eval/i);
      } finally {
        await server.close();
      }
    });
  });
});

// The refused fetch is the Mistral API worker's: the browser reports the violation there, where
// the policyViolations fixture (the page's events and console) cannot see it. The app says "security
// policy" only when the browser has reported a violation for that very origin (policyViolations.ts).
test("an API base URL on a host the policy does not allow gets a clear message and a way out", async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Settings" });
  await dialog.getByRole("textbox", { name: "API base URL" }).fill("https://mistral-proxy.example.org");
  await expect(dialog.getByRole("alert")).toContainText("security policy does not allow");
  await expect(dialog.getByRole("alert")).toContainText("connect-src");
});
