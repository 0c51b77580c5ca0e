import { describe, expect, it } from "vitest";
import { clearGpuFailures, recordGpuFailure } from "../storage/gpuFailureMemory";
import type { GpuFailureRecord } from "./capability";
import { probeCapability, probeGpu } from "./capability";

const gib = 1024 ** 3;

function fakeGpu(adapter: Partial<GPUAdapter> | null): GPU {
  return { requestAdapter: async () => adapter as GPUAdapter } as unknown as GPU;
}

describe("probeGpu", () => {
  it("reports no WebGPU when navigator.gpu is missing", async () => {
    expect(await probeGpu(undefined)).toEqual({ webgpu: false, adapterFound: false, shaderF16: false });
  });

  it("reports WebGPU without an adapter", async () => {
    const facts = await probeGpu(fakeGpu(null));
    expect(facts).toMatchObject({ webgpu: true, adapterFound: false });
  });

  it("reads vendor, fallback flag, shader-f16 and limits", async () => {
    const facts = await probeGpu(
      fakeGpu({
        info: { vendor: "google", architecture: "swiftshader", description: "", isFallbackAdapter: true } as GPUAdapterInfo,
        features: new Set(["subgroups"]) as unknown as GPUSupportedFeatures,
        limits: {
          maxBufferSize: gib,
          maxStorageBufferBindingSize: gib,
          maxComputeWorkgroupStorageSize: 32768,
          maxStorageBuffersPerShaderStage: 10,
        } as GPUSupportedLimits,
      }),
    );
    expect(facts).toEqual({
      webgpu: true,
      adapterFound: true,
      vendor: "google",
      architecture: "swiftshader",
      description: undefined,
      isFallbackAdapter: true,
      shaderF16: false,
      limits: {
        maxBufferSize: gib,
        maxStorageBufferBindingSize: gib,
        maxComputeWorkgroupStorageSize: 32768,
        maxStorageBuffersPerShaderStage: 10,
      },
    });
  });

  it("reports a requestAdapter failure as data", async () => {
    const gpu = {
      requestAdapter: async () => {
        throw new Error("blocked");
      },
    } as unknown as GPU;
    expect(await probeGpu(gpu)).toMatchObject({ webgpu: true, adapterFound: false, error: "blocked" });
  });
});

describe("probeCapability", () => {
  const adapter: Partial<GPUAdapter> = {
    info: { vendor: "nvidia", architecture: "ampere", description: "", isFallbackAdapter: false } as GPUAdapterInfo,
    features: new Set(["shader-f16"]) as unknown as GPUSupportedFeatures,
    limits: {
      maxBufferSize: 4 * gib,
      maxStorageBufferBindingSize: 2 * gib,
      maxComputeWorkgroupStorageSize: 32768,
      maxStorageBuffersPerShaderStage: 10,
    } as GPUSupportedLimits,
  };
  const failure: GpuFailureRecord = { modelId: "Mistral-7B-Instruct-v0.3-q4f16_1-MLC", code: "DEVICE_LOST", at: 1 };

  it("gathers GPU facts, memory hint, storage estimate, network state and failures", async () => {
    const capability = await probeCapability({
      navigator: {
        gpu: fakeGpu(adapter),
        deviceMemory: 8,
        onLine: false,
        storage: { estimate: async () => ({ quota: 10 * gib, usage: gib }) },
      },
      readFailures: async () => [failure],
    });
    expect(capability).toEqual({
      gpu: expect.objectContaining({ adapterFound: true, vendor: "nvidia", shaderF16: true }),
      deviceMemoryGiB: 8,
      storage: { quotaBytes: 10 * gib, usageBytes: gib },
      online: false,
      gpuFailures: [failure],
    });
    expect(JSON.parse(JSON.stringify(capability))).toEqual(capability);
  });

  it("answers with what it knows when the browser offers little and everything else fails", async () => {
    const capability = await probeCapability({
      navigator: {
        deviceMemory: "lots",
        storage: {
          estimate: async () => {
            throw new Error("private window");
          },
        },
      },
      readFailures: async () => {
        throw new Error("IndexedDB broken");
      },
    });
    expect(capability).toEqual({
      gpu: { webgpu: false, adapterFound: false, shaderF16: false },
      storage: {},
      online: true,
      gpuFailures: [],
    });
  });

  it("does not look at the real navigator when given none", async () => {
    const capability = await probeCapability({ navigator: undefined, readFailures: async () => [] });
    expect(capability.gpu.webgpu).toBe(false);
    expect(capability.online).toBe(true);
  });

  it("drops storage numbers that are not numbers", async () => {
    const capability = await probeCapability({
      navigator: { storage: { estimate: async () => ({ quota: Number.NaN }) } },
      readFailures: async () => [],
    });
    expect(capability.storage).toEqual({});
  });

  it("reads remembered failures from IndexedDB by default", async () => {
    await clearGpuFailures();
    await recordGpuFailure(failure);
    const capability = await probeCapability({ navigator: {} });
    expect(capability.gpuFailures).toEqual([failure]);
    await clearGpuFailures();
  });
});
