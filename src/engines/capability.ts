/**
 * What the browser's WebGPU adapter (and the rest of the device) reports, as plain data. The
 * engine plan (plan.ts) is a pure function of these facts; they are also shown to the person so
 * they know what their device can do. WebGPU does not report GPU memory, so nothing here claims
 * to know it.
 */
import { estimateStorage } from "../storage/estimateStorage";
import { readGpuFailures } from "../storage/gpuFailureMemory";

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

/** How an earlier attempt to run a local model on this device ended badly. */
export type GpuFailureCode = "DEVICE_LOST" | "OUT_OF_MEMORY_LIKE" | "WORKER_CRASH";

export const gpuFailureCodes: readonly GpuFailureCode[] = ["DEVICE_LOST", "OUT_OF_MEMORY_LIKE", "WORKER_CRASH"];

/** One remembered failure (storage/gpuFailureMemory.ts keeps them). Plain, serialisable data. */
export interface GpuFailureRecord {
  modelId: string;
  code: GpuFailureCode;
  /** The context length the model was loading with, when known. */
  contextTokens?: number;
  /** When it happened, epoch milliseconds. */
  at: number;
}

/**
 * Everything the engine plan (plan.ts) needs to know about this device, as plain data. The GPU's
 * memory is not in it because WebGPU does not report it; deviceMemoryGiB is system RAM, and only a
 * hint (see plan.ts).
 */
export interface Capability {
  gpu: GpuFacts;
  /** navigator.deviceMemory: RAM in GiB, rounded to a power of two, capped at 8 (Chromium only). */
  deviceMemoryGiB?: number;
  /** navigator.storage.estimate(): what this origin may store and already stores. */
  storage: { quotaBytes?: number; usageBytes?: number };
  /** navigator.onLine: false means certainly offline; true only means a network interface is up. */
  online: boolean;
  /** Earlier failures of local models on this device, oldest first. */
  gpuFailures: GpuFailureRecord[];
}

/** The parts of `navigator` probeCapability reads, so tests can pass a plain object. */
export interface NavigatorLike {
  gpu?: GPU;
  deviceMemory?: unknown;
  onLine?: unknown;
  storage?: { estimate?: () => Promise<StorageEstimate> };
}

export interface CapabilitySources {
  navigator?: NavigatorLike;
  /** Where remembered failures come from; storage/gpuFailureMemory.ts unless a test says otherwise. */
  readFailures?: () => Promise<readonly GpuFailureRecord[]>;
}

function nonNegativeNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

async function readFailuresSafely(read: () => Promise<readonly GpuFailureRecord[]>): Promise<GpuFailureRecord[]> {
  try {
    return [...(await read())];
  } catch {
    return [];
  }
}

/** Probes GPU, memory hint, storage, network and remembered failures; never rejects. */
export async function probeCapability(sources: CapabilitySources = {}): Promise<Capability> {
  const navigatorLike: NavigatorLike | undefined = "navigator" in sources ? sources.navigator : globalThis.navigator;
  // probeGpu(undefined) would fall back to the global navigator, so a missing gpu is answered here.
  const gpuProbe = navigatorLike?.gpu ? probeGpu(navigatorLike.gpu) : Promise.resolve({ ...noGpu });
  const [gpu, storage, gpuFailures] = await Promise.all([
    gpuProbe,
    estimateStorage(navigatorLike ?? {}),
    readFailuresSafely(sources.readFailures ?? readGpuFailures),
  ]);
  const deviceMemory = nonNegativeNumber(navigatorLike?.deviceMemory);
  return {
    gpu,
    ...(deviceMemory ? { deviceMemoryGiB: deviceMemory } : {}),
    storage,
    // Browsers without onLine are assumed online: the cloud engines report NETWORK if not.
    online: typeof navigatorLike?.onLine === "boolean" ? navigatorLike.onLine : true,
    gpuFailures,
  };
}
