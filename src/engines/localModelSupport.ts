import type { GpuFacts } from "./capability";
import { EngineError } from "./engineError";
import { formatBytes } from "../ui/formatBytes";

/**
 * Before a multi-gigabyte download starts, rule out what certainly cannot work, from what the
 * adapter reports. The minimums are the limits web-llm asks for when it creates its GPU device
 * (after its own fallbacks; see ../shared/notes/web-llm.md): below them, loading always fails.
 */
export const webllmMinimumLimits = {
  maxBufferSize: 256 * 2 ** 20,
  maxStorageBufferBindingSize: 128 * 2 ** 20,
  maxComputeWorkgroupStorageSize: 32 * 2 ** 10,
  maxStorageBuffersPerShaderStage: 10,
} as const;

export function checkLocalModelSupport(facts: GpuFacts, model: { needsShaderF16: boolean; displayName: string }): EngineError | undefined {
  if (!facts.webgpu) return new EngineError("NO_WEBGPU");
  if (!facts.adapterFound) {
    return new EngineError("NO_WEBGPU", {
      message: "WebGPU is present, but the browser found no GPU it can use (it may be blocklisted or disabled).",
    });
  }
  if (model.needsShaderF16 && !facts.shaderF16) {
    return new EngineError("NO_SHADER_F16", {
      message: `Your GPU lacks 16-bit shaders (shader-f16), which this build of ${model.displayName} needs.`,
      fix: "Pick the f32 build of the model (it needs more GPU memory), or use the Mistral API.",
    });
  }
  if (facts.limits) {
    for (const [name, minimum] of Object.entries(webllmMinimumLimits) as [keyof typeof webllmMinimumLimits, number][]) {
      const value = facts.limits[name];
      if (value < minimum) {
        const shown = name === "maxStorageBuffersPerShaderStage" ? String : formatBytes;
        return new EngineError("GPU_LIMITS_TOO_SMALL", {
          message: `Your GPU reports ${name} = ${shown(value)}; local models need at least ${shown(minimum)}.`,
        });
      }
    }
  }
  return undefined;
}
