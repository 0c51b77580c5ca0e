import { describe, expect, it } from "vitest";
import { estimateStorage } from "./estimateStorage";

const estimating = (estimate: () => Promise<StorageEstimate>) => ({ storage: { estimate } });

describe("estimateStorage", () => {
  it("passes the browser's figures on", async () => {
    expect(await estimateStorage(estimating(async () => ({ usage: 5, quota: 100 })))).toEqual({ usageBytes: 5, quotaBytes: 100 });
  });

  it("gives nothing where the browser gives nothing, a bad figure, or fails", async () => {
    expect(await estimateStorage({})).toEqual({});
    expect(await estimateStorage(estimating(() => Promise.reject(new Error("SecurityError"))))).toEqual({});
    expect(await estimateStorage(estimating(async () => ({ usage: Number.NaN, quota: -1 })))).toEqual({});
  });
});
