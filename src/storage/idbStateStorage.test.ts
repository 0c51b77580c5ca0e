import { get, set } from "idb-keyval";
import { describe, expect, it, vi } from "vitest";
import { createIdbStateStorage } from "./idbStateStorage";

describe("createIdbStateStorage", () => {
  it("drops writes made before the stored state was read, so defaults never overwrite it", async () => {
    await set("guarded", "saved by the person");
    const storage = createIdbStateStorage();
    await storage.setItem("guarded", "defaults written too early");
    await storage.flush();
    expect(await get("guarded")).toBe("saved by the person");

    expect(await storage.getItem("guarded")).toBe("saved by the person");
    await storage.setItem("guarded", "a later change");
    await storage.flush();
    expect(await get("guarded")).toBe("a later change");
  });

  it("writes the first change at once and coalesces the burst that follows into one write of the latest state", async () => {
    const storage = createIdbStateStorage({ intervalMs: 200 });
    await storage.getItem("burst");
    await storage.setItem("burst", "message sent");
    expect(await get("burst")).toBe("message sent");
    for (let token = 1; token <= 100; token += 1) await storage.setItem("burst", `state after token ${token}`);
    expect(await get("burst")).toBe("message sent");
    await vi.waitFor(async () => expect(await get("burst")).toBe("state after token 100"));
  });

  it("writes what is pending when the page is hidden", async () => {
    const storage = createIdbStateStorage({ intervalMs: 60_000 });
    await storage.getItem("hidden");
    await storage.setItem("hidden", "written at once");
    await storage.setItem("hidden", "kept");
    expect(await get("hidden")).toBe("written at once");
    window.dispatchEvent(new Event("pagehide"));
    await vi.waitFor(async () => expect(await get("hidden")).toBe("kept"));
  });

  it("reads a missing item as null", async () => {
    expect(await createIdbStateStorage().getItem("nothing-here")).toBeNull();
  });
});
