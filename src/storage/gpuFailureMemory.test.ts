import { get, set } from "idb-keyval";
import { beforeEach, describe, expect, it } from "vitest";
import type { GpuFailureRecord } from "../engines/capability";
import { clearGpuFailures, gpuFailuresKey, maxGpuFailures, readGpuFailures, recordGpuFailure } from "./gpuFailureMemory";

const lost7b: GpuFailureRecord = { modelId: "Mistral-7B-Instruct-v0.3-q4f16_1-MLC", code: "DEVICE_LOST", contextTokens: 4096, at: 1_700_000_000_000 };

describe("gpuFailureMemory", () => {
  beforeEach(async () => {
    await clearGpuFailures();
  });

  it("reads nothing before anything was recorded", async () => {
    expect(await readGpuFailures()).toEqual([]);
  });

  it("records failures newest last and reads them back", async () => {
    const crash: GpuFailureRecord = { modelId: "Ministral-3-3B-Instruct-2512-BF16-q4f16_1-MLC", code: "WORKER_CRASH", at: lost7b.at + 1 };
    expect(await recordGpuFailure(lost7b)).toBe(true);
    expect(await recordGpuFailure(crash)).toBe(true);
    expect(await readGpuFailures()).toEqual([lost7b, crash]);
    expect(await get(gpuFailuresKey)).toEqual([lost7b, crash]);
  });

  it(`keeps only the newest ${maxGpuFailures} entries`, async () => {
    for (let index = 0; index < maxGpuFailures + 5; index += 1) {
      await recordGpuFailure({ ...lost7b, at: index });
    }
    const failures = await readGpuFailures();
    expect(failures).toHaveLength(maxGpuFailures);
    expect(failures[0]?.at).toBe(5);
    expect(failures.at(-1)?.at).toBe(maxGpuFailures + 4);
  });

  it("loses no entry when two records are written at once", async () => {
    await Promise.all([recordGpuFailure({ ...lost7b, at: 1 }), recordGpuFailure({ ...lost7b, at: 2 })]);
    expect((await readGpuFailures()).map((failure) => failure.at).sort()).toEqual([1, 2]);
  });

  it("clears what was recorded", async () => {
    await recordGpuFailure(lost7b);
    expect(await clearGpuFailures()).toBe(true);
    expect(await readGpuFailures()).toEqual([]);
  });

  it.each([
    ["a string", "not json at all"],
    ["an object", { modelId: "x" }],
    ["a number", 42],
    ["null", null],
  ])("reads corrupt stored data (%s) as empty", async (_label, stored) => {
    await set(gpuFailuresKey, stored);
    expect(await readGpuFailures()).toEqual([]);
  });

  it("drops malformed entries but keeps the sane ones, and recording repairs the list", async () => {
    await set(gpuFailuresKey, [lost7b, { modelId: 7, code: "DEVICE_LOST", at: 1 }, { ...lost7b, code: "ON_FIRE" }, { ...lost7b, at: Number.NaN }, null]);
    expect(await readGpuFailures()).toEqual([lost7b]);
    await recordGpuFailure({ ...lost7b, at: 5 });
    expect(await get(gpuFailuresKey)).toEqual([lost7b, { ...lost7b, at: 5 }]);
  });

  it("refuses to store a malformed record", async () => {
    expect(await recordGpuFailure({ ...lost7b, at: Number.POSITIVE_INFINITY })).toBe(false);
    expect(await readGpuFailures()).toEqual([]);
  });

  it("drops extra fields so only plain failure data is kept", async () => {
    await set(gpuFailuresKey, [{ ...lost7b, apiKey: "sk-should-not-be-here" }]);
    expect(await readGpuFailures()).toEqual([lost7b]);
  });
});
