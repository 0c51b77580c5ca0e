import type * as IdbKeyval from "idb-keyval";
import { del, get, keys, set } from "idb-keyval";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SaveResult } from "./idbStateStorage";
import { createIdbStateStorage } from "./idbStateStorage";
import { saveFailedMessage, storageFullMessage, storageUnavailableMessage } from "./stateStorageMessages";
import type * as StateEntries from "./stateEntries";
import { readStateEntries, writeStateEntries } from "./stateEntries";

// The real IndexedDB code (on fake-indexeddb) by default; single calls are made to fail where a
// test needs the browser to refuse.
vi.mock("idb-keyval", async (importOriginal) => {
  const actual = await importOriginal<typeof IdbKeyval>();
  return { ...actual, set: vi.fn(actual.set) };
});
vi.mock("./stateEntries", async (importOriginal) => {
  const actual = await importOriginal<typeof StateEntries>();
  return { ...actual, readStateEntries: vi.fn(actual.readStateEntries), writeStateEntries: vi.fn(actual.writeStateEntries) };
});

afterEach(() => {
  vi.mocked(set).mockReset();
  vi.mocked(readStateEntries).mockReset();
  vi.mocked(writeStateEntries).mockReset();
});

type Saved = { note: string; conversations?: { id: string; text: string }[] };
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

  it("reports a refused write without throwing, keeps the state pending, and writes the latest state on the next change", async () => {
    const results: SaveResult[] = [];
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0, onSaveResult: (result) => results.push(result) });
    await storage.getItem("full");
    vi.mocked(writeStateEntries).mockRejectedValueOnce(new DOMException("Quota exceeded", "QuotaExceededError"));
    await expect(storage.setItem("full", value("first change"))).resolves.toBeUndefined();
    expect(results).toEqual([{ ok: false, message: storageFullMessage }]);
    expect(await stored("full")).toBeUndefined();

    // Nothing newer yet: a flush tries the same state again.
    vi.mocked(writeStateEntries).mockRejectedValueOnce(new Error("The transaction was aborted"));
    await expect(storage.flush()).resolves.toBeUndefined();
    expect(results.at(-1)).toEqual({ ok: false, message: saveFailedMessage });

    await storage.setItem("full", value("second change"));
    expect(results.at(-1)).toEqual({ ok: true });
    expect(results).toHaveLength(3);
    expect(await stored("full")).toBe("second change");
    // Nothing is left pending once the write went through.
    await storage.flush();
    expect(results).toHaveLength(3);
  });

  it("writes the pending state again on flush after a timed write failed", async () => {
    const results: SaveResult[] = [];
    const storage = createIdbStateStorage<Saved>({ intervalMs: 50, onSaveResult: (result) => results.push(result) });
    await storage.getItem("timed");
    await storage.setItem("timed", value("at once"));
    vi.mocked(writeStateEntries).mockRejectedValueOnce(new DOMException("Quota exceeded", "QuotaExceededError"));
    await storage.setItem("timed", value("latest"));
    await vi.waitFor(() => expect(results).toEqual([{ ok: true }, { ok: false, message: storageFullMessage }]));
    expect(await stored("timed")).toBe("at once");
    await storage.flush();
    expect(await stored("timed")).toBe("latest");
    expect(results.at(-1)).toEqual({ ok: true });
  });

  it("never lets a failed older write come back over a newer one", async () => {
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0 });
    await storage.getItem("order");
    let refuse: (error: unknown) => void = () => undefined;
    vi.mocked(writeStateEntries).mockImplementationOnce(() => new Promise((_resolve, reject) => (refuse = reject)));
    const older = storage.setItem("order", value("older"));
    await storage.setItem("order", value("newer"));
    await storage.flush();
    refuse(new Error("aborted"));
    await older;
    await storage.flush();
    expect(await stored("order")).toBe("newer");
  });

  it.each([
    ["text that is not JSON", "{ not json"],
    ["JSON that is not an object", "[1, 2]"],
    ["a value that is not text", { state: { note: "stored as an object" } }],
  ])("keeps a copy of %s, reports it, and starts from the defaults", async (_name, raw) => {
    vi.useFakeTimers({ now: 1_750_000_000_000, toFake: ["Date"] });
    try {
      await set("broken", raw);
      const problems: string[] = [];
      const storage = createIdbStateStorage<Saved>({ intervalMs: 0, onReadProblem: (message) => problems.push(message) });
      expect(await storage.getItem("broken")).toBeNull();
      expect(await get("broken-unreadable-1750000000000")).toEqual(raw);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/could not be read; a copy was kept/);
      expect(problems[0]).toContain("broken-unreadable-1750000000000");
      // Writes go ahead afterwards: the copy is safe.
      await storage.setItem("broken", value("fresh start"));
      expect(await stored("broken")).toBe("fresh start");
    } finally {
      vi.useRealTimers();
      await del("broken-unreadable-1750000000000");
    }
  });

  it("keeps writes blocked when the unreadable value could not be copied aside", async () => {
    await set("uncopied", "{ not json");
    const problems: string[] = [];
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0, onReadProblem: (message) => problems.push(message) });
    vi.mocked(set).mockRejectedValueOnce(new DOMException("Quota exceeded", "QuotaExceededError"));
    expect(await storage.getItem("uncopied")).toBeNull();
    expect(problems).toHaveLength(1);
    await storage.setItem("uncopied", value("would overwrite"));
    await storage.flush();
    expect(await get("uncopied")).toBe("{ not json");
    expect((await keys()).filter((key) => String(key).startsWith("uncopied-unreadable-"))).toEqual([]);
  });

  it("reports storage that cannot be opened, returns null, and still lets later writes happen", async () => {
    const problems: string[] = [];
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0, onReadProblem: (message) => problems.push(message) });
    vi.mocked(readStateEntries).mockRejectedValueOnce(new DOMException("The operation failed", "InvalidStateError"));
    expect(await storage.getItem("private")).toBeNull();
    expect(problems).toEqual([storageUnavailableMessage]);
    await storage.setItem("private", value("written anyway"));
    expect(await stored("private")).toBe("written anyway");
  });
});
