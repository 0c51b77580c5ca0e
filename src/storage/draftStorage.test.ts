import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clear } from "idb-keyval";
import { flushDraftStorages, newDraftStorage as newStorage, storedDrafts } from "../test/draftStorages";
import { createDraftBackup } from "./draftBackup";

function sorted(entries: [string, string][]): [string, string][] {
  return entries.sort(([a], [b]) => a.localeCompare(b));
}

beforeEach(async () => {
  await clear();
  localStorage.clear();
});
afterEach(flushDraftStorages);

describe("draft storage, as the page goes away", () => {
  it("copies what is not written yet to localStorage at once, and forgets the copies once written", async () => {
    const drafts = newStorage(60_000);
    await drafts.read();
    drafts.save("b", "Sent soon");
    await drafts.flush();
    drafts.save("a", "Typed just before a reload");
    drafts.save("b", ""); // sent: its deletion is on its way, not landed

    window.dispatchEvent(new Event("pagehide"));
    // Synchronously: an IndexedDB write started now may be torn down with the page.
    expect(sorted(createDraftBackup().read())).toEqual([
      ["a", "Typed just before a reload"],
      ["b", ""],
    ]);

    await vi.waitFor(() => expect(createDraftBackup().read()).toEqual([]));
    expect(await storedDrafts()).toEqual({ a: "Typed just before a reload" });
  });

  it("makes no copy when nothing is pending", async () => {
    const drafts = newStorage();
    await drafts.read();
    drafts.save("a", "Written already");
    await drafts.flush();
    window.dispatchEvent(new Event("pagehide"));
    expect(createDraftBackup().read()).toEqual([]);
  });

  it("takes the copies a page left when its write did not land, and moves them into IndexedDB", async () => {
    const earlier = newStorage();
    await earlier.read();
    earlier.save("a", "Older");
    earlier.save("b", "Sent; its deletion did not land");
    earlier.save("c", "Older too");
    await earlier.flush();
    createDraftBackup().write([
      ["a", "Newer, typed as the page went"],
      ["b", ""],
      ["c", "A copy older than what this tab has typed"],
    ]);

    const drafts = newStorage(60_000);
    drafts.save("c", "Typed in this tab before the read");
    const read = await drafts.read();
    expect(Object.fromEntries(read)).toEqual({ a: "Newer, typed as the page went", c: "Typed in this tab before the read" });

    // Written without waiting for a pause in typing (a minute here), and the copies forgotten.
    await vi.waitFor(() => expect(createDraftBackup().read()).toEqual([]));
    expect(await storedDrafts()).toEqual({ a: "Newer, typed as the page went", c: "Typed in this tab before the read" });
  });
});
