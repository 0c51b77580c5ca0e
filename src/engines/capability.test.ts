import { describe, expect, it } from "vitest";
import { probeGpu } from "./capability";

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
