import { describe, expect, it } from "vitest";
import { findKnownGpu, gpuDecodeCeiling, percentOfCeiling, unnamedGpuReason } from "./gpuBandwidth";

describe("findKnownGpu", () => {
  it.each([
    ["Apple M1", "Apple M1", 68.25],
    ["Apple M2 Pro", "Apple M2 Pro", 200],
    ["Apple M3 Pro", "Apple M3 Pro", 150],
    ["Apple M1 Max", "Apple M1 Max", 400],
    ["NVIDIA GeForce RTX 4090", "NVIDIA GeForce RTX 4090", 1008],
    ["ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)", "NVIDIA GeForce RTX 3060", 360],
    ["AMD Radeon RX 7900 XTX", "AMD Radeon RX 7900 XTX", 960],
  ])("knows %s", (description, name, bandwidth) => {
    expect(findKnownGpu(description)).toMatchObject({ name, bandwidthGBps: bandwidth });
  });

  it.each(["NVIDIA GeForce RTX 4070 Ti", "NVIDIA GeForce RTX 4070 SUPER", "NVIDIA GeForce RTX 4090 Laptop GPU", "Apple M3 Max", "Apple M1 Ultra", "AMD Radeon RX 7900 XT", "Intel(R) UHD Graphics 630"])(
    "does not mistake %s for a listed part with another bandwidth",
    (description) => {
      expect(findKnownGpu(description)).toBeUndefined();
    },
  );
});

describe("gpuDecodeCeiling", () => {
  it("is bandwidth ÷ bytes of weights read per token", () => {
    // 100 GB/s over 4 GB of weights: at most 25 tokens/s.
    expect(gpuDecodeCeiling("Apple M2", 4e9)).toEqual({ status: "known", gpu: "Apple M2", bandwidthGBps: 100, weightBytes: 4e9, tokensPerSecond: 25 });
  });

  it("says why it is unknown: no name, a GPU not in the table, or no model size", () => {
    expect(gpuDecodeCeiling(undefined, 4e9)).toEqual({ status: "unknown", reason: unnamedGpuReason });
    expect(gpuDecodeCeiling("  ", 4e9)).toEqual({ status: "unknown", reason: unnamedGpuReason });
    expect(gpuDecodeCeiling("SwiftShader Device", 4e9)).toEqual({ status: "unknown", reason: expect.stringContaining("“SwiftShader Device” is not in the app's table") });
    expect(gpuDecodeCeiling("Apple M2", undefined)).toEqual({ status: "unknown", reason: expect.stringContaining("size is not known") });
  });
});

describe("percentOfCeiling", () => {
  it("gives the measured speed as a rounded share of the best, only when both are known", () => {
    const ceiling = gpuDecodeCeiling("Apple M2", 4e9);
    expect(percentOfCeiling(10, ceiling)).toBe(40);
    expect(percentOfCeiling(undefined, ceiling)).toBeUndefined();
    expect(percentOfCeiling(10, gpuDecodeCeiling(undefined, 4e9))).toBeUndefined();
    expect(percentOfCeiling(10, undefined)).toBeUndefined();
  });
});
