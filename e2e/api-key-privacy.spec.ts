import type { Page } from "@playwright/test";
import { connectToFakeApi, expect, lastReply, send, test } from "./appTest";

/** Everything this origin keeps in localStorage, sessionStorage and every IndexedDB database, as text. */
async function everythingStored(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump: unknown[] = [{ ...localStorage }, { ...sessionStorage }];
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const storeName of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(storeName).objectStore(storeName).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(request.error);
        });
        dump.push({ name, storeName, values });
      }
      db.close();
    }
    return JSON.stringify(dump);
  });
}

test("the key stays in memory unless remembered, and Forget key removes it", async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  await send(page, "Hello");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");

  // Settings were saved (base URL), but not the key.
  await expect.poll(() => everythingStored(page)).toContain(fakeApi.url);
  expect(await everythingStored(page)).not.toContain(fakeApi.apiKey);
  await page.reload();
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  await expect(page.getByRole("textbox", { name: "API base URL" })).toHaveValue(fakeApi.url);
  await expect(page.getByLabel("Mistral API key")).toHaveValue("");
  await expect(page.getByLabel("Mistral API key")).toHaveAttribute("type", "password");

  // Remembered: stored, and still there after a reload.
  await page.getByLabel("Mistral API key").fill(fakeApi.apiKey);
  await page.getByRole("checkbox", { name: "Remember on this device" }).check();
  await expect.poll(() => everythingStored(page)).toContain(fakeApi.apiKey);
  await page.reload();
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  await expect(page.getByLabel("Mistral API key")).toHaveValue(fakeApi.apiKey);

  await page.getByRole("button", { name: "Forget key" }).click();
  await expect(page.getByLabel("Mistral API key")).toHaveValue("");
  await expect(page.getByRole("checkbox", { name: "Remember on this device" })).not.toBeChecked();
  await expect.poll(() => everythingStored(page)).not.toContain(fakeApi.apiKey);
});

test("the key is sent only to the configured API base URL", async ({ page, fakeApi, seenRequests }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  await send(page, "Hello");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
  await page.reload();
  await connectToFakeApi(page, fakeApi);

  const carryingKey = seenRequests.filter((request) =>
    JSON.stringify([request.url, request.headers, request.postData]).includes(fakeApi.apiKey),
  );
  expect(carryingKey.length).toBeGreaterThanOrEqual(2);
  for (const request of carryingKey) {
    expect(new URL(request.url).origin).toBe(fakeApi.url);
    expect(request.url).not.toContain(fakeApi.apiKey);
  }
  // The fake saw the key only in the Authorization header.
  for (const request of fakeApi.requests.filter((r) => r.method !== "OPTIONS")) {
    expect(request.headers.authorization).toBe(`Bearer ${fakeApi.apiKey}`);
  }
});
