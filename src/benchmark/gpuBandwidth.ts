/**
 * How fast a GPU could decode at best. Generating one token reads every weight of the model once,
 * so decoding is bound by memory bandwidth: tokens/s ≤ bandwidth ÷ bytes of weights. Real engines
 * reach a fraction of that (the KV cache is read too, kernels are not perfect), so the ratio says
 * how much of the hardware the browser engine is using.
 */

interface KnownGpu {
  name: string;
  /** Matches the adapter description; written so that a Ti, Super, laptop, Pro or Max part does not match its base chip. */
  pattern: RegExp;
  /** Memory bandwidth in GB/s (10⁹ bytes per second). */
  bandwidthGBps: number;
}

// A desktop card's bigger and smaller siblings share its number: "RTX 4070 Ti", "RTX 4070 SUPER"
// and "RTX 4070 Laptop GPU" each have other bandwidths, so they must not match the plain name.
const nvidiaVariant = String.raw`(?!\s*(?:ti|super|laptop|mobile|max-q)\b)`;
const nvidia = (model: string) => new RegExp(String.raw`\brtx\s*${model}\b${nvidiaVariant}`, "i");
const apple = (chip: string, tier?: "pro" | "max") =>
  tier ? new RegExp(String.raw`\bapple\s+${chip}\s+${tier}\b`, "i") : new RegExp(String.raw`\bapple\s+${chip}\b(?!\s*(?:pro|max|ultra)\b)`, "i");

/**
 * Vendor-published memory bandwidths: Apple's newsroom and tech-spec pages (M1 68.25 GB/s per its
 * LPDDR4X-4266 memory, M2 and M3 100, M1 Pro and M2 Pro 200, M3 Pro 150, M1 Max and M2 Max 400),
 * NVIDIA's GeForce specification pages (desktop cards, reference memory configuration) and AMD's
 * Radeon RX 7900 XTX product page. Only parts whose bandwidth has one published value are listed.
 */
export const knownGpus: readonly KnownGpu[] = [
  { name: "Apple M1", pattern: apple("m1"), bandwidthGBps: 68.25 },
  { name: "Apple M2", pattern: apple("m2"), bandwidthGBps: 100 },
  { name: "Apple M3", pattern: apple("m3"), bandwidthGBps: 100 },
  { name: "Apple M1 Pro", pattern: apple("m1", "pro"), bandwidthGBps: 200 },
  { name: "Apple M2 Pro", pattern: apple("m2", "pro"), bandwidthGBps: 200 },
  { name: "Apple M3 Pro", pattern: apple("m3", "pro"), bandwidthGBps: 150 },
  { name: "Apple M1 Max", pattern: apple("m1", "max"), bandwidthGBps: 400 },
  { name: "Apple M2 Max", pattern: apple("m2", "max"), bandwidthGBps: 400 },
  { name: "NVIDIA GeForce RTX 3060", pattern: nvidia("3060"), bandwidthGBps: 360 },
  { name: "NVIDIA GeForce RTX 3080", pattern: nvidia("3080"), bandwidthGBps: 760 },
  { name: "NVIDIA GeForce RTX 3090", pattern: nvidia("3090"), bandwidthGBps: 936 },
  { name: "NVIDIA GeForce RTX 4060", pattern: nvidia("4060"), bandwidthGBps: 272 },
  { name: "NVIDIA GeForce RTX 4070", pattern: nvidia("4070"), bandwidthGBps: 504 },
  { name: "NVIDIA GeForce RTX 4080", pattern: nvidia("4080"), bandwidthGBps: 717 },
  { name: "NVIDIA GeForce RTX 4090", pattern: nvidia("4090"), bandwidthGBps: 1008 },
  { name: "AMD Radeon RX 7900 XTX", pattern: /\brx\s*7900\s*xtx\b/i, bandwidthGBps: 960 },
];

export function findKnownGpu(description: string): KnownGpu | undefined {
  return knownGpus.find((gpu) => gpu.pattern.test(description));
}

export type GpuCeiling =
  | { status: "known"; gpu: string; bandwidthGBps: number; weightBytes: number; tokensPerSecond: number }
  | { status: "unknown"; reason: string };

export const unnamedGpuReason = "the best this GPU could reach is unknown: the browser does not name it";

/** The best decode speed this GPU could reach with weights of `weightBytes`, or why it is unknown. */
export function gpuDecodeCeiling(description: string | undefined, weightBytes: number | undefined): GpuCeiling {
  // Chrome usually hides the adapter's description unless a flag is set.
  if (!description?.trim()) return { status: "unknown", reason: unnamedGpuReason };
  const gpu = findKnownGpu(description);
  if (!gpu) return { status: "unknown", reason: `the best this GPU could reach is unknown: “${description.trim()}” is not in the app's table of GPUs` };
  if (weightBytes === undefined || weightBytes <= 0) return { status: "unknown", reason: "the best this GPU could reach is unknown: the model's download size is not known yet" };
  return { status: "known", gpu: gpu.name, bandwidthGBps: gpu.bandwidthGBps, weightBytes, tokensPerSecond: (gpu.bandwidthGBps * 1e9) / weightBytes };
}

/** Measured decode speed as a share of the ceiling, in percent (rounded), when both are known. */
export function percentOfCeiling(decodeTokensPerSecond: number | undefined, ceiling: GpuCeiling | undefined): number | undefined {
  if (decodeTokensPerSecond === undefined || ceiling?.status !== "known") return undefined;
  return Math.round((decodeTokensPerSecond / ceiling.tokensPerSecond) * 100);
}
