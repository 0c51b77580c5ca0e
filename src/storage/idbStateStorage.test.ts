import { get, set } from "idb-keyval";
import { describe, expect, it } from "vitest";
import { createIdbStateStorage } from "./idbStateStorage";

describe("createIdbStateStorage", () => {
  it("drops writes made before the stored state was read, so defaults never overwrite it", async () => {
    await set("guarded", "saved by the person");
    const storage = createIdbStateStorage();
    await storage.setItem("guarded", "defaults written too early");
    expect(await get("guarded")).toBe("saved by the person");

    expect(await storage.getItem("guarded")).toBe("saved by the person");
    await storage.setItem("guarded", "a later change");
    expect(await get("guarded")).toBe("a later change");
  });

  it("reads a missing item as null", async () => {
    expect(await createIdbStateStorage().getItem("nothing-here")).toBeNull();
  });
});
