import type { Capability, GpuFacts, GpuFailureRecord } from "./capability";
import type { LocalModel, LocalModelFamily } from "./catalog";
import { kvCacheBytes } from "./catalog";
import { checkLocalModelSupport } from "./localModelSupport";
import { formatBytes } from "../ui/formatBytes";
import { planGguf } from "./planGguf";

/**
 * Which engines can run here, best first, each with a reason in plain words. A pure function of
 * the probed facts (capability.ts) and the catalog, so every rule is testable without a GPU.
 */

export type EngineVerdict = "recommended" | "possible" | "not-possible";

export interface EngineOption {
  /** "local:<web-llm model id>", "gguf", "mistral-api" or "self-hosted". */
  id: string;
  kind: "local" | "gguf" | "mistral-api" | "self-hosted";
  modelId?: string;
  verdict: EngineVerdict;
  title: string;
  /** Lower-case clauses joined by "; " (the UI may capitalise the first letter). */
  reason: string;
  costs: { downloadBytes?: number; gpuBytes?: number; privacy: "on-device" | "sent-to-mistral" | "sent-to-your-server" };
  needs?: "api-key" | "network" | "download";
}

export interface PlanOptions {
  models: readonly LocalModel[];
  hasApiKey: boolean;
  selfHostedUrl?: string;
  contextTokens: number;
  /** Which models are fully in the browser's storage; a model missing here counts as not downloaded. */
  downloaded?: Readonly<Record<string, boolean>>;
  /** The CPU engine: the largest GGUF model already stored (if any) and the threads it would get. */
  gguf?: { storedModel?: { name: string; bytes: number }; threads: number };
}

const gib = 2 ** 30;

/**
 * Every rule and number the plan uses. WebGPU does not report how much memory a GPU has, so
 * whether a model fits is a reasoned estimate: the adapter's limits are hard facts, web-llm's
 * `vram_required_MB` plus the KV cache for the chosen context is the model's need, and system RAM
 * (navigator.deviceMemory) is only a hint, used for GPUs that share it.
 */
export const planThresholds = {
  /**
   * web-llm asks the adapter for 1 GiB maxBufferSize and maxStorageBufferBindingSize; when the
   * adapter reports less it asks for only 256 MiB / 128 MiB (notes/web-llm.md). Models whose
   * record is not `low_resource_required` (Mistral 7B) are only built and tested for the 1 GiB
   * request — web-llm's own warning lists only small and "-1k" builds as working below it — so
   * below 1 GiB on either limit they are not possible. Below web-llm's fallback minimums nothing
   * runs (checkLocalModelSupport).
   */
  fullSizeLimitBytes: 1 * gib,
  /** Chromium caps deviceMemory at 8, so 8 means "8 GiB or more" and rules nothing out. */
  deviceMemoryCapGiB: 8,
  /** deviceMemory is RAM rounded to the nearest power of two: real RAM is at most 1.5 × the value. */
  ramOverReported: 1.5,
  /**
   * At most this share of RAM can hold GPU buffers on a GPU that shares it (macOS lets Metal use
   * about 2/3–3/4; Windows caps shared GPU memory at 1/2). Need above 1.5 × 0.75 × deviceMemory:
   * the model cannot fit even in the best case, so it is not possible.
   */
  maxGpuShareOfRam: 0.75,
  /**
   * Recommend a model on a RAM-sharing GPU only when the reported RAM is at least this multiple
   * of the model's GPU need: the OS, the browser and other tabs live in the same RAM, and the
   * reported value may be a third above the real one (3.1 GiB reads as 4). Between this and the
   * best-case bound: possible, not recommended.
   */
  sharedMemoryHeadroom: 1.5,
  /** Adapters whose GPU shares system RAM (integrated or phone GPUs), by WebGPU vendor name. */
  sharedMemoryVendors: ["apple", "intel", "arm", "qualcomm", "imagination", "img-tec", "samsung", "broadcom", "mediatek"],
  /** Except Intel's discrete Arc GPUs, whose architecture names are high-performance ("hp"). */
  discreteArchitecture: /hp/i,
  /**
   * Order among possible options (lower first): a local model that fits, then the person's own
   * server (their choice, private to them), then the Mistral API (messages leave the device), then
   * local models that would likely fail or crawl (memory or storage in doubt, software adapter).
   */
  tier: { localFits: 0, selfHosted: 1, mistralApi: 2, ggufCpu: 2.5, localDoubtful: 3 },
  /** Failures that mean the GPU ran out of memory: a shorter context than the failed one may fit. */
  memoryFailureCodes: ["DEVICE_LOST", "OUT_OF_MEMORY_LIKE"],
  /** Hosts a self-hosted server can be reached on without a network. */
  loopbackHosts: ["localhost", "127.0.0.1", "[::1]"],
} as const;

const shortNames: Record<LocalModelFamily, { name: string; blurb?: string }> = {
  "mistral-7b": { name: "Mistral 7B" },
  "ministral-3b": { name: "Ministral 3B", blurb: "smaller and faster, less capable" },
};

export interface Candidate {
  option: Omit<EngineOption, "verdict">;
  possible: boolean;
  tier: number;
  /** An earlier failure on this device: placed below the next option. */
  demoted: boolean;
  /** False on a software adapter: a few tokens/s is never what we recommend. */
  recommendable: boolean;
  /** Why this option is not simply the best (shown on the option recommended in its place). */
  problem?: string;
}

/** EngineError messages are sentences; reasons are clauses ("This browser" → "this browser"). */
function asClause(sentence: string): string {
  const trimmed = sentence.trim().replace(/\.$/, "");
  return /^[A-Z][a-z]*\b/.test(trimmed) ? trimmed.charAt(0).toLowerCase() + trimmed.slice(1) : trimmed;
}

function day(at: number): string {
  return Number.isFinite(at) ? new Date(at).toISOString().slice(0, 10) : "an earlier visit";
}

function sharesSystemMemory(gpu: GpuFacts): boolean {
  const vendor = (gpu.vendor ?? "").toLowerCase();
  const shared: readonly string[] = planThresholds.sharedMemoryVendors;
  return shared.includes(vendor) && !(vendor === "intel" && planThresholds.discreteArchitecture.test(gpu.architecture ?? ""));
}

/** The build of a family that suits this GPU: f16 where shader-f16 exists (less memory), else f32. */
function pickBuild(gpu: GpuFacts, builds: readonly LocalModel[]): LocalModel | undefined {
  const usable = builds.filter((model) => !model.needsShaderF16 || gpu.shaderF16);
  return (gpu.adapterFound ? usable[0] : undefined) ?? builds[0];
}

function latestFailure(failures: readonly GpuFailureRecord[], modelId: string): GpuFailureRecord | undefined {
  return failures.filter((failure) => failure.modelId === modelId).sort((a, b) => a.at - b.at).at(-1);
}

function limitProblem(gpu: GpuFacts, model: LocalModel, name: string): string | undefined {
  if (!gpu.limits) return undefined;
  const { maxBufferSize, maxStorageBufferBindingSize } = gpu.limits;
  const full = planThresholds.fullSizeLimitBytes;
  let small: string | undefined;
  if (maxBufferSize < full) small = `a ${formatBytes(maxBufferSize)} buffer limit`;
  else if (maxStorageBufferBindingSize < full) small = `a ${formatBytes(maxStorageBufferBindingSize)} storage binding limit`;
  if (!small) return undefined;
  return model.lowResource
    ? `your GPU reports ${small}; ${name} is built for such GPUs but may still fail`
    : `your GPU reports ${small}, too little for ${name}`;
}

/** The RAM hint, on GPUs that share RAM: "impossible" when even the best case cannot hold it. */
function memoryProblem(capability: Capability, gpuBytes: number, name: string): { impossible: boolean; text: string } | undefined {
  const ram = capability.deviceMemoryGiB;
  if (ram === undefined || ram >= planThresholds.deviceMemoryCapGiB || !sharesSystemMemory(capability.gpu)) return undefined;
  const memory = `your device reports ${ram} GiB of memory, which its GPU shares`;
  const bestCaseBytes = ram * gib * planThresholds.ramOverReported * planThresholds.maxGpuShareOfRam;
  if (gpuBytes > bestCaseBytes) return { impossible: true, text: `${memory}: too little for ${name}` };
  if (ram * gib < gpuBytes * planThresholds.sharedMemoryHeadroom) return { impossible: false, text: `${memory}: likely too little for ${name}` };
  return undefined;
}

function storageProblem(capability: Capability, model: LocalModel, name: string): string | undefined {
  const { quotaBytes, usageBytes = 0 } = capability.storage;
  if (model.downloadBytes === undefined || quotaBytes === undefined || quotaBytes - usageBytes >= model.downloadBytes) return undefined;
  return `the browser offers ${formatBytes(Math.max(0, quotaBytes - usageBytes))} of storage, less than ${name} needs`;
}

/** What the latest failure of this model says, and whether it should push the model down. */
function failureNote(capability: Capability, model: LocalModel, contextTokens: number, name: string): { text: string; demotes: boolean } | undefined {
  const failure = latestFailure(capability.gpuFailures, model.id);
  if (!failure) return undefined;
  const memoryFailure = (planThresholds.memoryFailureCodes as readonly string[]).includes(failure.code);
  const what = memoryFailure ? `the GPU ran out of memory running ${name} on ${day(failure.at)}` : `${name}'s worker crashed on ${day(failure.at)}`;
  // Out of memory at a longer context says little about a shorter one, which needs less.
  if (memoryFailure && failure.contextTokens !== undefined && contextTokens < failure.contextTokens) {
    return { text: `${what} with ${failure.contextTokens} tokens of context; a shorter context needs less`, demotes: false };
  }
  return { text: what, demotes: true };
}

function planLocal(capability: Capability, options: PlanOptions, model: LocalModel, hasF16Sibling: boolean): Candidate {
  const { gpu } = capability;
  const { name, blurb } = shortNames[model.family];
  const contextTokens = Math.min(options.contextTokens, model.maxContextTokens);
  // vramBytes is web-llm's estimate at the record's default context; the KV cache scales with it.
  const gpuBytes = model.vramBytes + kvCacheBytes(model, contextTokens - model.defaultContextTokens);
  const downloaded = options.downloaded?.[model.id] === true;
  const knownSize = model.downloadBytes === undefined ? "" : ` of ${formatBytes(model.downloadBytes)}`;
  const needs = `needs about ${formatBytes(gpuBytes)} of GPU memory and ${downloaded ? "is already downloaded" : `a one-time download${knownSize}`}`;
  const f32Instead = !model.needsShaderF16 && hasF16Sibling && gpu.adapterFound && !gpu.shaderF16;
  const facts = [blurb, f32Instead ? `your GPU lacks 16-bit shaders; this build ${needs}` : needs];
  if (contextTokens < options.contextTokens) facts.push(`context limited to ${contextTokens} tokens`);
  const option: Candidate["option"] = {
    id: `local:${model.id}`,
    kind: "local",
    modelId: model.id,
    title: `${name} (4-bit${model.needsShaderF16 ? "" : ", f32"}) on your GPU`,
    reason: "",
    costs: { ...(downloaded || model.downloadBytes === undefined ? {} : { downloadBytes: model.downloadBytes }), gpuBytes, privacy: "on-device" },
    ...(downloaded ? {} : { needs: "download" as const }),
  };
  const finish = (candidate: Omit<Candidate, "option">, notes: (string | undefined)[], base = option): Candidate => {
    const clauses = [...notes, ...facts].filter((clause): clause is string => Boolean(clause));
    return { ...candidate, option: { ...base, reason: clauses.join("; ") } };
  };
  // Nothing the person can supply fixes the GPU, so an impossible option needs nothing, except
  // the download it could not make offline.
  const needsNothing: Candidate["option"] = { ...option, needs: undefined };
  delete needsNothing.needs;
  const impossible = (problem: string, base = needsNothing) =>
    finish({ possible: false, tier: planThresholds.tier.localDoubtful, demoted: false, recommendable: false, problem }, [problem], base);

  const refusal = checkLocalModelSupport(gpu, model);
  if (refusal) return impossible(asClause(refusal.message));
  const limits = limitProblem(gpu, model, name);
  if (limits && !model.lowResource) return impossible(limits);
  if (!capability.online && !downloaded) return impossible(`${name} needs a download; you are offline`, option);
  const memory = memoryProblem(capability, gpuBytes, name);
  if (memory?.impossible) return impossible(memory.text);

  const doubts = [
    gpu.isFallbackAdapter ? "software adapter detected (no real GPU): local models would run at a few tokens/s" : undefined,
    limits,
    memory?.text,
    downloaded ? undefined : storageProblem(capability, model, name),
  ].filter((doubt): doubt is string => doubt !== undefined);
  const failure = failureNote(capability, model, contextTokens, name);
  const demoted = failure?.demotes ?? false;
  return finish(
    {
      possible: true,
      tier: doubts.length > 0 ? planThresholds.tier.localDoubtful : planThresholds.tier.localFits,
      demoted,
      recommendable: !gpu.isFallbackAdapter,
      problem: doubts[0] ?? (demoted ? failure?.text : undefined),
    },
    [...doubts, failure?.text],
  );
}

function remote(option: Candidate["option"], possible: boolean, tier: number): Candidate {
  return { option, possible, tier, demoted: false, recommendable: possible };
}

function planMistralApi(capability: Capability, hasApiKey: boolean): Candidate {
  const base = { id: "mistral-api", kind: "mistral-api", title: "Mistral API", costs: { privacy: "sent-to-mistral" } } as const;
  const tier = planThresholds.tier.mistralApi;
  if (!capability.online) {
    return remote({ ...base, reason: "needs the internet; you are offline; messages are sent to Mistral", needs: "network" }, false, tier);
  }
  const reason = ["runs on Mistral's servers", "messages are sent to Mistral", ...(hasApiKey ? [] : ["needs your API key"])].join("; ");
  return remote({ ...base, reason, ...(hasApiKey ? {} : { needs: "api-key" as const }) }, true, tier);
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return (planThresholds.loopbackHosts as readonly string[]).includes(host) || host.endsWith(".localhost");
  } catch {
    return false;
  }
}

function planSelfHosted(capability: Capability, url: string): Candidate {
  const base = { id: "self-hosted", kind: "self-hosted", title: `Self-hosted server at ${url}`, costs: { privacy: "sent-to-your-server" } } as const;
  const tier = planThresholds.tier.selfHosted;
  if (!capability.online && !isLoopback(url)) {
    return remote({ ...base, reason: "needs the network; you are offline; messages are sent to your server", needs: "network" }, false, tier);
  }
  return remote({ ...base, reason: "your own OpenAI-compatible server; messages are sent to it, and its speed depends on it" }, true, tier);
}

/**
 * Possible options by tier — doubtful local models smallest first, as the likeliest to work —
 * each demoted one moved below the option after it; then the impossible ones, in catalog order.
 */
function order(candidates: readonly Candidate[]): Candidate[] {
  const doubtfulBytes = (candidate: Candidate) =>
    candidate.tier === planThresholds.tier.localDoubtful ? (candidate.option.costs.gpuBytes ?? 0) : 0;
  const possible = candidates
    .filter((candidate) => candidate.possible)
    .sort((a, b) => a.tier - b.tier || doubtfulBytes(a) - doubtfulBytes(b));
  for (let index = possible.length - 2; index >= 0; index -= 1) {
    const current = possible[index];
    const next = possible[index + 1];
    if (current?.demoted && next) [possible[index], possible[index + 1]] = [next, current];
  }
  return [...possible, ...candidates.filter((candidate) => !candidate.possible)];
}

export function planEngines(capability: Capability, options: PlanOptions): EngineOption[] {
  const families = [...new Set(options.models.map((model) => model.family))];
  const local = families.flatMap((family) => {
    const builds = options.models.filter((model) => model.family === family);
    const model = pickBuild(capability.gpu, builds);
    return model ? [planLocal(capability, options, model, builds.some((build) => build.needsShaderF16))] : [];
  });
  const flagship = local[0];
  const selfHosted = options.selfHostedUrl ? [planSelfHosted(capability, options.selfHostedUrl)] : [];
  const gguf = options.gguf ? [planGguf(capability, options.gguf, planThresholds.tier.ggufCpu)] : [];
  const candidates = [...local, ...selfHosted, planMistralApi(capability, options.hasApiKey), ...gguf];
  const ordered = order(candidates);
  const chosen = ordered.find((candidate) => candidate.possible && candidate.recommendable);
  return ordered.map((candidate) => {
    if (candidate !== chosen) return { ...candidate.option, verdict: candidate.possible ? "possible" : "not-possible" };
    // Say why the best local model is not the one recommended, on the option that is.
    const why = candidate !== flagship && flagship?.problem ? `${flagship.problem}; ` : "";
    return { ...candidate.option, verdict: "recommended", reason: why + candidate.option.reason };
  });
}
