/**
 * What the browser's WebGPU adapter reports, as plain data. Later, the engine plan is a pure
 * function of these facts; for now they are shown to the person so they know what their device
 * can do. WebGPU does not report GPU memory, so nothing here claims to know it.
 */

export interface GpuLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  maxComputeWorkgroupStorageSize: number;
  maxStorageBuffersPerShaderStage: number;
}

export interface GpuFacts {
  /** `navigator.gpu` exists (the browser ships WebGPU and it is enabled). */
  webgpu: boolean;
  /** `requestAdapter()` returned an adapter. */
  adapterFound: boolean;
  vendor?: string;
  architecture?: string;
  description?: string;
  /** A software (CPU) adapter such as SwiftShader: correct but far too slow for a 7B model. */
  isFallbackAdapter?: boolean;
  shaderF16: boolean;
  limits?: GpuLimits;
  /** Why probing failed, when requestAdapter threw. */
  error?: string;
}

const noGpu: GpuFacts = { webgpu: false, adapterFound: false, shaderF16: false };

export async function probeGpu(gpu: GPU | undefined = globalThis.navigator?.gpu): Promise<GpuFacts> {
  if (!gpu) return noGpu;
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (error) {
    return { ...noGpu, webgpu: true, error: error instanceof Error ? error.message : String(error) };
  }
  if (!adapter) return { ...noGpu, webgpu: true };
  const info = adapter.info;
  // Older Chromium exposed isFallbackAdapter on the adapter rather than on its info.
  const legacyFallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return {
    webgpu: true,
    adapterFound: true,
    vendor: info?.vendor || undefined,
    architecture: info?.architecture || undefined,
    description: info?.description || undefined,
    isFallbackAdapter: info?.isFallbackAdapter ?? legacyFallback ?? false,
    shaderF16: adapter.features.has("shader-f16"),
    limits: {
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
      maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
    },
  };
}
