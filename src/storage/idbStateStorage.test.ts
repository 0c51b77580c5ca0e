import { get, set } from "idb-keyval";
import { describe, expect, it, vi } from "vitest";
import { createIdbStateStorage } from "./idbStateStorage";

type Saved = { note: string };
const value = (note: string) => ({ state: { note }, version: 1 });
const stored = async (name: string) => {
  const text = await get<string>(name);
  return text === undefined ? undefined : (JSON.parse(text) as { state: Saved }).state.note;
};

describe("createIdbStateStorage", () => {
  it("drops writes made before the stored state was read, so defaults never overwrite it", async () => {
    await set("guarded", JSON.stringify(value("saved by the person")));
    const storage = createIdbStateStorage<Saved>();
    await storage.setItem("guarded", value("defaults written too early"));
    await storage.flush();
    expect(await stored("guarded")).toBe("saved by the person");

    expect(await storage.getItem("guarded")).toEqual(value("saved by the person"));
    await storage.setItem("guarded", value("a later change"));
    await storage.flush();
    expect(await stored("guarded")).toBe("a later change");
  });

  it("writes the first change at once and coalesces the burst that follows into one write of the latest state", async () => {
    const storage = createIdbStateStorage<Saved>({ intervalMs: 200 });
    await storage.getItem("burst");
    await storage.setItem("burst", value("message sent"));
    expect(await stored("burst")).toBe("message sent");
    const stringify = vi.spyOn(JSON, "stringify");
    for (let token = 1; token <= 100; token += 1) await storage.setItem("burst", value(`state after token ${token}`));
    // Nothing is serialised for the tokens in between.
    expect(stringify).not.toHaveBeenCalled();
    stringify.mockRestore();
    expect(await stored("burst")).toBe("message sent");
    await vi.waitFor(async () => expect(await stored("burst")).toBe("state after token 100"));
  });

  it("writes what is pending when the page is hidden", async () => {
    const storage = createIdbStateStorage<Saved>({ intervalMs: 60_000 });
    await storage.getItem("hidden");
    await storage.setItem("hidden", value("written at once"));
    await storage.setItem("hidden", value("kept"));
    expect(await stored("hidden")).toBe("written at once");
    window.dispatchEvent(new Event("pagehide"));
    await vi.waitFor(async () => expect(await stored("hidden")).toBe("kept"));
  });

  it("reads a missing item as null", async () => {
    expect(await createIdbStateStorage<Saved>().getItem("nothing-here")).toBeNull();
  });
});
