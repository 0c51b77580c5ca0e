import { useId } from "react";
import type { GpuFacts } from "../engines/capability";
import { useAppStore } from "../state/store";
import { formatBytes } from "../ui/formatBytes";

function adapterName(facts: GpuFacts): string {
  const name = [facts.vendor, facts.architecture].filter(Boolean).join(" · ");
  return name || facts.description || "Unnamed adapter";
}

/** The summary a person reads first; the facts below it back it up. */
function verdict(facts: GpuFacts): string {
  if (!facts.webgpu) return "This browser has no WebGPU: models cannot run on this device here.";
  if (!facts.adapterFound) return "WebGPU is present but no GPU adapter was found (it may be blocklisted or disabled).";
  if (facts.isFallbackAdapter) return "Only a software adapter was found (no real GPU): local models would be very slow.";
  if (!facts.shaderF16) return "Your GPU lacks 16-bit shaders: local models need their larger f32 builds.";
  return "WebGPU with 16-bit shaders is available.";
}

function GpuFactsList({ facts }: { facts: GpuFacts }) {
  if (!facts.adapterFound) {
    return (
      <dl className="facts">
        <dt>WebGPU</dt>
        <dd>{facts.webgpu ? "Available, no adapter" : "Not available"}</dd>
        {facts.error && (
          <>
            <dt>Error</dt>
            <dd>{facts.error}</dd>
          </>
        )}
      </dl>
    );
  }
  return (
    <dl className="facts">
      <dt>WebGPU</dt>
      <dd>Available</dd>
      <dt>Adapter</dt>
      <dd>{adapterName(facts)}</dd>
      <dt>Software adapter</dt>
      <dd>{facts.isFallbackAdapter ? "Yes (no real GPU)" : "No"}</dd>
      <dt>16-bit shaders (shader-f16)</dt>
      <dd>{facts.shaderF16 ? "Yes" : "No"}</dd>
      {facts.limits && (
        <>
          <dt>Largest buffer</dt>
          <dd>{formatBytes(facts.limits.maxBufferSize)}</dd>
          <dt>Largest storage binding</dt>
          <dd>{formatBytes(facts.limits.maxStorageBufferBindingSize)}</dd>
        </>
      )}
    </dl>
  );
}

export function GpuFactsCard() {
  const gpu = useAppStore((state) => state.gpu);
  const headingId = useId();
  return (
    <section className="card gpu-facts" aria-labelledby={headingId}>
      <h3 id={headingId}>Your device</h3>
      {gpu.status === "known" ? (
        <>
          <p className="gpu-verdict">{verdict(gpu.facts)}</p>
          <GpuFactsList facts={gpu.facts} />
        </>
      ) : (
        <p className="muted" role="status">
          Checking your GPU…
        </p>
      )}
    </section>
  );
}
