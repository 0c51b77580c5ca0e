import { describe, expect, it } from "vitest";
import type { GpuFacts } from "./capability";
import { checkLocalModelSupport } from "./localModelSupport";

const gib = 2 ** 30;
const swiftShaderLimits = { maxBufferSize: gib, maxStorageBufferBindingSize: gib, maxComputeWorkgroupStorageSize: 32768, maxStorageBuffersPerShaderStage: 10 };
const swiftShader: GpuFacts = {
  webgpu: true,
  adapterFound: true,
  vendor: "google",
  architecture: "swiftshader",
  isFallbackAdapter: true,
  shaderF16: false,
  limits: swiftShaderLimits,
};
const f16Model = { needsShaderF16: true, displayName: "Mistral 7B" };
const f32Model = { needsShaderF16: false, displayName: "Mistral 7B" };

describe("checkLocalModelSupport", () => {
  it("refuses without WebGPU or without an adapter", () => {
    expect(checkLocalModelSupport({ webgpu: false, adapterFound: false, shaderF16: false }, f32Model)?.code).toBe("NO_WEBGPU");
    expect(checkLocalModelSupport({ webgpu: true, adapterFound: false, shaderF16: false }, f32Model)?.code).toBe("NO_WEBGPU");
  });

  it("refuses a q4f16 build without shader-f16 and points to the f32 build", () => {
    const error = checkLocalModelSupport(swiftShader, f16Model);
    expect(error?.code).toBe("NO_SHADER_F16");
    expect(error?.fix).toMatch(/f32/);
    expect(checkLocalModelSupport(swiftShader, f32Model)).toBeUndefined();
  });

  it("refuses limits below what web-llm requests, naming the limit", () => {
    const mobile: GpuFacts = { ...swiftShader, limits: { ...swiftShaderLimits, maxStorageBufferBindingSize: 64 * 2 ** 20 } };
    const error = checkLocalModelSupport(mobile, f32Model);
    expect(error?.code).toBe("GPU_LIMITS_TOO_SMALL");
    expect(error?.message).toContain("maxStorageBufferBindingSize = 64 MiB");
    expect(error?.message).toContain("128 MiB");
  });
});
