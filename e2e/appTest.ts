import { test as base, expect } from "@playwright/test";
import type { Page, Request } from "@playwright/test";
import type { FakeMistralServer } from "./fixtures/fakeMistralServer";
import { startFakeMistralServer } from "./fixtures/fakeMistralServer";

export interface SeenRequest {
  url: string;
  headers: Record<string, string>;
  postData: string | null;
}

interface AppFixtures {
  /** A fake La Plateforme for this test only. Every chat request must be valid per the OpenAPI spec. */
  fakeApi: FakeMistralServer;
  /**
   * Every request the page made, to anywhere. (Hosts other than this machine do not resolve: see
   * --host-resolver-rules in e2e/chromiumLaunchOptions.ts. Routing is not used for that, because
   * Playwright's request interception changes how Chromium runs CORS preflights.)
   */
  seenRequests: SeenRequest[];
  /**
   * Every Content-Security-Policy violation in any page of the test (securitypolicyviolation events
   * and the console's "Refused to …" lines, which workers log too). A test fails on any, unless it
   * sets `allowPolicyViolations` and checks them itself.
   */
  policyViolations: string[];
  allowPolicyViolations: boolean;
}

export const test = base.extend<AppFixtures>({
  fakeApi: async ({}, use) => {
    const server = await startFakeMistralServer();
    await use(server);
    await server.close();
    const invalid = server.requests.filter((request) => request.validationErrors.length > 0);
    expect(invalid.map((request) => request.validationErrors), "requests the real API would reject").toEqual([]);
  },

  seenRequests: async ({ context }, use) => {
    const seen: SeenRequest[] = [];
    const record = async (request: Request) => {
      seen.push({ url: request.url(), headers: await request.allHeaders(), postData: request.postData() });
    };
    context.on("request", (request) => void record(request));
    await use(seen);
  },

  allowPolicyViolations: [false, { option: true }],

  policyViolations: [
    async ({ context, allowPolicyViolations }, use) => {
      const violations: string[] = [];
      await context.exposeBinding("reportPolicyViolation", (_source, text: string) => violations.push(text));
      await context.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          (window as unknown as { reportPolicyViolation: (text: string) => void }).reportPolicyViolation(`${event.effectiveDirective} ${event.blockedURI}`);
        });
      });
      const onConsole = (text: string) => {
        if (/Content Security Policy/i.test(text)) violations.push(text);
      };
      context.on("console", (message) => onConsole(message.text()));
      await use(violations);
      if (!allowPolicyViolations) expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens Settings, points the app at the fake API with its key, and closes Settings. */
export async function connectToFakeApi(page: Page, fakeApi: FakeMistralServer, options: { remember?: boolean } = {}) {
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Settings" });
  await dialog.getByRole("textbox", { name: "API base URL" }).fill(fakeApi.url);
  await dialog.getByLabel("Mistral API key").fill(fakeApi.apiKey);
  if (options.remember) await dialog.getByRole("checkbox", { name: "Remember on this device" }).check();
  await expect(dialog.getByText(/Key works/)).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
}

export function lastReply(page: Page) {
  return page.getByRole("article", { name: /^Reply from/ }).last();
}

/** The text of the person's messages, without the buttons under them. */
export function userMessages(page: Page) {
  return page.getByRole("article", { name: "You" }).locator(".message-text");
}

export async function send(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Message" }).fill(text);
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
}

/**
 * The app's saved state as stored in IndexedDB (idb-keyval's default store), as text: the main
 * entry with each chat's own entry (`tramontane-state:conversation:<id>`) put back in its list.
 */
export function savedState(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open("keyval-store");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction("keyval").objectStore("keyval");
          const main = store.get("tramontane-state");
          const chats = store.getAll(IDBKeyRange.bound("tramontane-state:conversation:", "tramontane-state:conversation:\uffff"));
          chats.onsuccess = () => {
            if (typeof main.result !== "string") return resolve(String(main.result));
            const saved = JSON.parse(main.result) as { state: Record<string, unknown> };
            if (!Array.isArray(saved.state.conversations)) {
              const byId = new Map((chats.result as string[]).map((text) => JSON.parse(text) as { id: string }).map((chat) => [chat.id, chat]));
              const { conversationIds, ...rest } = saved.state;
              saved.state = { ...rest, conversations: (conversationIds as string[]).map((id) => byId.get(id)) };
            }
            resolve(JSON.stringify(saved));
          };
          chats.onerror = () => reject(chats.error);
        };
      }),
  );
}
