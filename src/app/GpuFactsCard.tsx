import { useId } from "react";
import type { GpuFacts, GpuFailureRecord } from "../engines/capability";
import { findLocalModel } from "../engines/catalog";
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

const failureText: Record<GpuFailureRecord["code"], string> = {
  DEVICE_LOST: "the GPU ran out of memory or stopped responding",
  OUT_OF_MEMORY_LIKE: "the GPU ran out of memory",
  WORKER_CRASH: "the local engine crashed",
};

/** What earlier attempts on this device taught; the plan avoids these until they are forgotten. */
function RememberedFailures() {
  const failures = useAppStore((state) => state.gpuFailures);
  const forgetGpuFailures = useAppStore((state) => state.forgetGpuFailures);
  if (failures.length === 0) return null;
  return (
    <div className="remembered-failures">
      <p>Remembered from earlier on this device:</p>
      <ul>
        {failures.map((failure) => (
          <li key={`${failure.modelId}-${failure.at}`}>
            {findLocalModel(failure.modelId)?.displayName ?? failure.modelId}: {failureText[failure.code]} ({new Date(failure.at).toLocaleString()})
          </li>
        ))}
      </ul>
      <button type="button" className="button button-quiet" onClick={() => void forgetGpuFailures()}>
        Forget these failures
      </button>
    </div>
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
          <RememberedFailures />
        </>
      ) : (
        <p className="muted" role="status">
          Checking your GPU…
        </p>
      )}
    </section>
  );
}
