import { expect, test } from "./appTest";

interface LoadedResource {
  path: string;
  transferSize: number;
}

/** In the page: what it loaded, and how many bytes each took over the network (0: from the browser's cache). */
function loadedResources(): LoadedResource[] {
  const entries = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
  const navigation = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
  return [...navigation, ...entries].map((entry) => ({ path: new URL(entry.name).pathname, transferSize: entry.transferSize }));
}

/**
 * The hashed files of the build (assets/) are kept by the browser for good, so a returning visit
 * starts without fetching its JavaScript and styles again — with the service worker out of the
 * way (these tests block it), as on a reload before it is active. The page itself is asked for
 * again, so a new version is seen.
 */
test("a returning visit takes the app's scripts and styles from the browser's cache and asks for the page again", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("textbox", { name: "Message" })).toBeEnabled();
  const firstVisit = await page.evaluate(loadedResources);
  const firstAssets = firstVisit.filter((resource) => resource.path.startsWith("/assets/"));
  expect(firstAssets.length, "scripts and styles loaded on the first visit").toBeGreaterThan(1);
  expect(firstAssets.every((resource) => resource.transferSize > 0), "the first visit fetched them").toBe(true);

  await page.goto("/");
  await expect(page.getByRole("textbox", { name: "Message" })).toBeEnabled();
  const returning = await page.evaluate(loadedResources);
  const returningAssets = returning.filter((resource) => resource.path.startsWith("/assets/") && firstAssets.some((first) => first.path === resource.path));
  expect(returningAssets.length, "the same scripts and styles loaded again").toBeGreaterThan(1);
  expect(returningAssets.filter((resource) => resource.transferSize > 0).map((resource) => resource.path)).toEqual([]);
  const document = returning.find((resource) => resource.path === "/");
  expect(document?.transferSize, "the page itself was asked for again").toBeGreaterThan(0);
});
