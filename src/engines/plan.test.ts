import { describe, expect, it } from "vitest";
import type { Capability, GpuFacts, GpuLimits } from "./capability";
import type { LocalModel } from "./catalog";
import { kvCacheBytes, localModels } from "./catalog";
import type { EngineOption, PlanOptions } from "./plan";
import { planEngines, planThresholds } from "./plan";
import { formatBytes } from "../ui/formatBytes";

const mib = 2 ** 20;
const gib = 2 ** 30;

function catalogModel(family: LocalModel["family"], quantization: LocalModel["quantization"]): LocalModel {
  const model = localModels.find((candidate) => candidate.family === family && candidate.quantization === quantization);
  if (!model) throw new Error(`catalog lacks ${family} ${quantization}`);
  return model;
}
const mistral7b = catalogModel("mistral-7b", "q4f16_1");
const mistral7bF32 = catalogModel("mistral-7b", "q4f32_1");
const ministral = catalogModel("ministral-3b", "q4f16_1");
const ministralF32 = catalogModel("ministral-3b", "q4f32_1");
const local = (model: LocalModel) => `local:${model.id}`;

function limits(maxBufferSize: number, maxStorageBufferBindingSize: number): GpuLimits {
  return { maxBufferSize, maxStorageBufferBindingSize, maxComputeWorkgroupStorageSize: 32768, maxStorageBuffersPerShaderStage: 10 };
}
function adapter(vendor: string, architecture: string, shaderF16: boolean, adapterLimits: GpuLimits, isFallbackAdapter = false): GpuFacts {
  return { webgpu: true, adapterFound: true, vendor, architecture, isFallbackAdapter, shaderF16, limits: adapterLimits };
}

// Limits as Chrome reports them: discrete GPUs 2–4 GiB, Android 256 MiB / 128 MiB, SwiftShader 1 GiB.
const nvidia = adapter("nvidia", "ampere", true, limits(4 * gib, 4 * gib - 4));
const amd = adapter("amd", "rdna-3", true, limits(2 * gib, 2 * gib - 1));
const intel = adapter("intel", "gen-12lp", true, limits(2 * gib, 2 * gib - 4));
const apple = adapter("apple", "metal-3", true, limits(4 * gib, 4 * gib - 4));
const adreno = adapter("qualcomm", "adreno-7xx", true, limits(256 * mib, 128 * mib));
const mali = adapter("arm", "valhall", false, limits(256 * mib, 128 * mib));
const swiftShader = adapter("google", "swiftshader", false, limits(gib, gib), true);
const noWebGpu: GpuFacts = { webgpu: false, adapterFound: false, shaderF16: false };
const noAdapter: GpuFacts = { webgpu: true, adapterFound: false, shaderF16: false };

function device(gpu: GpuFacts, extra: Partial<Capability> = {}): Capability {
  return { gpu, storage: {}, online: true, gpuFailures: [], ...extra };
}
function plan(capability: Capability, options: Partial<PlanOptions> = {}): EngineOption[] {
  return planEngines(capability, { models: localModels, hasApiKey: true, contextTokens: 4096, ...options });
}
function recommended(options: readonly EngineOption[]): EngineOption {
  const chosen = options.filter((option) => option.verdict === "recommended");
  expect(chosen).toHaveLength(1);
  const [first] = chosen;
  if (!first) throw new Error("nothing recommended");
  return first;
}
function option(options: readonly EngineOption[], id: string): EngineOption {
  const found = options.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no option ${id} in ${options.map((candidate) => candidate.id).join(", ")}`);
  return found;
}
const needsGpu = (model: LocalModel) => `needs about ${formatBytes(model.vramBytes)} of GPU memory`;

describe("planEngines, per adapter", () => {
  it.each([
    { name: "discrete NVIDIA, 4 GiB limits", gpu: nvidia, memory: 8, expected: local(mistral7b), phrases: [needsGpu(mistral7b), "one-time download"] },
    { name: "discrete AMD, 2 GiB limits", gpu: amd, memory: 8, expected: local(mistral7b), phrases: [needsGpu(mistral7b)] },
    { name: "integrated Intel, 8 GiB reported", gpu: intel, memory: 8, expected: local(mistral7b), phrases: [needsGpu(mistral7b)] },
    { name: "Apple unified memory, 8 GiB reported", gpu: apple, memory: 8, expected: local(mistral7b), phrases: [needsGpu(mistral7b)] },
    { name: "Android Adreno, 128 MiB binding", gpu: adreno, memory: 8, expected: "mistral-api", phrases: ["your GPU reports a 256 MiB buffer limit, too little for Mistral 7B", "messages are sent to Mistral"] },
    { name: "Android Mali without shader-f16", gpu: mali, memory: 4, expected: "mistral-api", phrases: ["256 MiB buffer limit, too little for Mistral 7B"] },
    { name: "SwiftShader software adapter", gpu: swiftShader, memory: undefined, expected: "mistral-api", phrases: ["software adapter detected (no real GPU)", "a few tokens/s"] },
    { name: "no WebGPU", gpu: noWebGpu, memory: 8, expected: "mistral-api", phrases: ["this browser does not offer WebGPU"] },
    { name: "WebGPU without an adapter", gpu: noAdapter, memory: 8, expected: "mistral-api", phrases: ["found no GPU it can use"] },
  ])("$name → $expected", ({ gpu, memory, expected, phrases }) => {
    const options = plan(device(gpu, memory === undefined ? {} : { deviceMemoryGiB: memory }));
    const chosen = recommended(options);
    expect(chosen.id).toBe(expected);
    for (const phrase of phrases) expect(chosen.reason).toContain(phrase);
    expect(options[0]).toBe(chosen);
    // Possible options come before impossible ones, and the plan is plain data.
    const verdicts = options.map((candidate) => candidate.verdict);
    expect(verdicts.indexOf("not-possible") === -1 || verdicts.lastIndexOf("possible") < verdicts.indexOf("not-possible")).toBe(true);
    expect(JSON.parse(JSON.stringify(options))).toEqual(options);
  });

  it("offers one build per family: f16 where the GPU has 16-bit shaders, f32 where it has not", () => {
    expect(plan(device(nvidia)).map((candidate) => candidate.id)).toEqual([local(mistral7b), local(ministral), "mistral-api"]);
    expect(plan(device(mali)).map((candidate) => candidate.id)).toEqual(["mistral-api", local(ministralF32), local(mistral7bF32)]);
  });

  it("titles say model, quantization and where it runs", () => {
    expect(option(plan(device(nvidia)), local(mistral7b)).title).toBe("Mistral 7B (4-bit) on your GPU");
    expect(option(plan(device(swiftShader)), local(mistral7bF32)).title).toBe("Mistral 7B (4-bit, f32) on your GPU");
    const small = option(plan(device(nvidia)), local(ministral));
    expect(small.title).toBe("Ministral 3B (4-bit) on your GPU");
    expect(small.reason).toContain("smaller and faster, less capable");
  });

  it("on a mobile GPU: 7B not possible, 3B only possible, and why", () => {
    const options = plan(device(adreno, { deviceMemoryGiB: 8 }));
    expect(option(options, local(mistral7b))).toMatchObject({ verdict: "not-possible", reason: expect.stringContaining("too little for Mistral 7B") });
    expect(option(options, local(ministral))).toMatchObject({ verdict: "possible", reason: expect.stringContaining("built for such GPUs but may still fail") });
  });

  it("on a software adapter, local models are possible at best, never recommended", () => {
    const options = plan(device(swiftShader));
    for (const model of [mistral7bF32, ministralF32]) {
      expect(option(options, local(model))).toMatchObject({ verdict: "possible", reason: expect.stringContaining("a few tokens/s") });
    }
    const offline = plan(device(swiftShader, { online: false }), { downloaded: { [mistral7bF32.id]: true } });
    expect(option(offline, local(mistral7bF32)).verdict).toBe("possible");
    expect(offline.some((candidate) => candidate.verdict === "recommended")).toBe(false);
  });

  it("without WebGPU every local option is impossible, says why, and asks for nothing", () => {
    for (const candidate of plan(device(noWebGpu)).filter((each) => each.kind === "local")) {
      expect(candidate.verdict).toBe("not-possible");
      expect(candidate.reason).toContain("does not offer WebGPU");
      expect(candidate.needs).toBeUndefined();
    }
  });
});

describe("planEngines, limits at each threshold", () => {
  // web-llm's own request (notes/web-llm.md), written out rather than read from planThresholds.
  const full = gib;
  it.each([
    { limit: "maxBufferSize", under: limits(full - 1, 2 * gib), at: limits(full, 2 * gib), words: "buffer limit" },
    { limit: "maxStorageBufferBindingSize", under: limits(2 * gib, full - 4), at: limits(2 * gib, full), words: "storage binding limit" },
  ])("$limit just under web-llm's 1 GiB request rules out Mistral 7B; at it, 7B is recommended", ({ under, at, words }) => {
    const below = plan(device(adapter("nvidia", "turing", true, under)));
    expect(option(below, local(mistral7b))).toMatchObject({ verdict: "not-possible", reason: expect.stringContaining(words) });
    expect(option(below, local(ministral)).verdict).toBe("possible");
    expect(recommended(plan(device(adapter("nvidia", "turing", true, at)))).id).toBe(local(mistral7b));
  });

  it("at web-llm's fallback minimums the 3B is still possible; one byte under, nothing local is", () => {
    const atMinimum = plan(device(adapter("qualcomm", "adreno-6xx", true, limits(256 * mib, 128 * mib))));
    expect(option(atMinimum, local(ministral)).verdict).toBe("possible");
    const under = plan(device(adapter("qualcomm", "adreno-6xx", true, limits(256 * mib, 128 * mib - 1))));
    expect(option(under, local(ministral))).toMatchObject({ verdict: "not-possible", reason: expect.stringContaining("maxStorageBufferBindingSize") });
  });

  it("a real GPU without shader-f16 gets the f32 build of Mistral 7B, with its larger need", () => {
    const chosen = recommended(plan(device(adapter("nvidia", "pascal", false, limits(4 * gib, 4 * gib - 4)))));
    expect(chosen.id).toBe(local(mistral7bF32));
    expect(chosen.reason).toContain(`your GPU lacks 16-bit shaders; this build needs about ${formatBytes(mistral7bF32.vramBytes)}`);
  });
});

describe("planEngines, memory estimate on GPUs that share RAM", () => {
  // A one-build test model whose GPU need is exactly `bytes` at the planned context.
  const sized = (bytes: number): LocalModel => ({ ...ministral, id: "sized-q4f16_1-MLC", vramBytes: bytes });
  const onIntel = (memory: number, model: LocalModel) => plan(device(intel, { deviceMemoryGiB: memory }), { models: [model] });
  const headroomLimit = Math.floor((4 * gib) / planThresholds.sharedMemoryHeadroom);
  const bestCase = 4 * gib * planThresholds.ramOverReported * planThresholds.maxGpuShareOfRam;

  it("recommends a model with the headroom to spare; one byte more and it is only possible", () => {
    expect(option(onIntel(4, sized(headroomLimit)), "local:sized-q4f16_1-MLC").verdict).toBe("recommended");
    const tight = onIntel(4, sized(headroomLimit + 1));
    expect(recommended(tight).id).toBe("mistral-api");
    expect(option(tight, "local:sized-q4f16_1-MLC")).toMatchObject({ verdict: "possible", reason: expect.stringContaining("4 GiB of memory") });
  });

  it("calls a model impossible only when even the best case cannot hold it", () => {
    expect(option(onIntel(4, sized(bestCase)), "local:sized-q4f16_1-MLC").verdict).toBe("possible");
    expect(option(onIntel(4, sized(bestCase + 1)), "local:sized-q4f16_1-MLC")).toMatchObject({ verdict: "not-possible", reason: expect.stringContaining("too little") });
  });

  it("with 4 GiB reported, Mistral 7B fits only at its default context, and the cloud is recommended", () => {
    const options = plan(device(intel, { deviceMemoryGiB: 4 }));
    expect(recommended(options)).toMatchObject({ id: "mistral-api", reason: expect.stringContaining("likely too little for Mistral 7B") });
    expect(option(options, local(mistral7b)).verdict).toBe("possible");
    expect(option(plan(device(intel, { deviceMemoryGiB: 4 }), { contextTokens: 8192 }), local(mistral7b)).verdict).toBe("not-possible");
  });

  it("offline with little memory, the smaller doubtful model goes first", () => {
    const downloaded = { [mistral7b.id]: true, [ministral.id]: true };
    expect(recommended(plan(device(intel, { deviceMemoryGiB: 4, online: false }), { downloaded })).id).toBe(local(ministral));
  });

  it("reads 8 GiB, Chromium's cap, as '8 or more': no model is held back by it", () => {
    expect(option(onIntel(8, sized(8 * gib)), "local:sized-q4f16_1-MLC").verdict).toBe("recommended");
    expect(option(onIntel(4, sized(8 * gib)), "local:sized-q4f16_1-MLC").verdict).toBe("not-possible");
  });

  it("ignores the RAM hint on GPUs with their own memory", () => {
    expect(recommended(plan(device(intel, { deviceMemoryGiB: 8 }))).id).toBe(local(mistral7b));
    expect(recommended(plan(device(nvidia, { deviceMemoryGiB: 2 }))).id).toBe(local(mistral7b));
    expect(recommended(plan(device(adapter("intel", "xe-hpg", true, intel.limits ?? limits(0, 0)), { deviceMemoryGiB: 2 }))).id).toBe(local(mistral7b));
  });

  it("rules everything local out at 2 GiB reported", () => {
    const options = plan(device(apple, { deviceMemoryGiB: 2 }));
    expect(options.filter((each) => each.kind === "local").map((each) => each.verdict)).toEqual(["not-possible", "not-possible"]);
  });
});

describe("planEngines, context, downloads and storage", () => {
  it("adds the KV cache of a longer context to the GPU need, and caps models at their longest context", () => {
    const options = plan(device(nvidia), { contextTokens: 32768 });
    const need = mistral7b.vramBytes + kvCacheBytes(mistral7b, 32768 - mistral7b.defaultContextTokens);
    expect(option(options, local(mistral7b))).toMatchObject({ costs: { gpuBytes: need }, reason: expect.stringContaining(formatBytes(need)) });
    expect(option(options, local(ministral)).reason).toContain(`context limited to ${ministral.maxContextTokens} tokens`);
  });

  it("names the download size when known, and no download once stored", () => {
    const withSize = { ...mistral7b, downloadBytes: 4 * gib };
    const fresh = option(plan(device(nvidia), { models: [withSize] }), local(mistral7b));
    expect(fresh).toMatchObject({ needs: "download", costs: { downloadBytes: 4 * gib, privacy: "on-device" } });
    expect(fresh.reason).toContain("a one-time download of 4 GiB");
    const stored = option(plan(device(nvidia), { models: [withSize], downloaded: { [mistral7b.id]: true } }), local(mistral7b));
    expect(stored.needs).toBeUndefined();
    expect(stored.costs.downloadBytes).toBeUndefined();
    expect(stored.reason).toContain("is already downloaded");
  });

  it("prefers a model that fits the browser's storage", () => {
    const models = [{ ...mistral7b, downloadBytes: 4 * gib }, { ...ministral, downloadBytes: 2 * gib }];
    const options = plan(device(nvidia, { storage: { quotaBytes: 5 * gib, usageBytes: 2 * gib } }), { models });
    expect(recommended(options)).toMatchObject({ id: local(ministral), reason: expect.stringContaining("3 GiB of storage, less than Mistral 7B needs") });
  });
});

describe("planEngines, what this device taught before", () => {
  const at = Date.UTC(2025, 2, 12, 9, 30);

  it("a device that lost the GPU with Mistral 7B gets something else, and is told why", () => {
    const options = plan(device(nvidia, { gpuFailures: [{ modelId: mistral7b.id, code: "DEVICE_LOST", contextTokens: 4096, at }] }));
    expect(options.map((each) => each.id)).toEqual([local(ministral), local(mistral7b), "mistral-api"]);
    expect(recommended(options).reason).toContain("the GPU ran out of memory running Mistral 7B on 2025-03-12");
    expect(option(options, local(mistral7b))).toMatchObject({ verdict: "possible", reason: expect.stringContaining("2025-03-12") });
  });

  it("demotes below the next option only, and says a crashed worker crashed", () => {
    const options = plan(device(nvidia, { gpuFailures: [{ modelId: mistral7b.id, code: "WORKER_CRASH", at }] }), { models: [mistral7b] });
    expect(options.map((each) => each.id)).toEqual(["mistral-api", local(mistral7b)]);
    expect(options[0]?.reason).toContain("worker crashed on 2025-03-12");
  });

  it("does not hold a failure at a longer context against a shorter one", () => {
    const options = plan(device(nvidia, { gpuFailures: [{ modelId: mistral7b.id, code: "OUT_OF_MEMORY_LIKE", contextTokens: 16384, at }] }));
    expect(recommended(options)).toMatchObject({ id: local(mistral7b), reason: expect.stringContaining("a shorter context needs less") });
  });

  it("keeps failures to the build that failed", () => {
    const options = plan(device(nvidia, { gpuFailures: [{ modelId: mistral7bF32.id, code: "DEVICE_LOST", at }] }));
    expect(recommended(options).id).toBe(local(mistral7b));
  });
});

describe("planEngines, cloud and network", () => {
  it("the Mistral API always says messages leave the device, and asks for a key it lacks", () => {
    const options = plan(device(adreno), { hasApiKey: false });
    expect(recommended(options)).toMatchObject({ id: "mistral-api", needs: "api-key", costs: { privacy: "sent-to-mistral" } });
    expect(option(plan(device(nvidia), { hasApiKey: false }), "mistral-api")).toMatchObject({ verdict: "possible", needs: "api-key", reason: expect.stringContaining("messages are sent to Mistral") });
  });

  it("offline: the cloud is impossible, a downloaded local model still works, others need a download", () => {
    const options = plan(device(nvidia, { online: false }), { downloaded: { [mistral7b.id]: true } });
    expect(recommended(options).id).toBe(local(mistral7b));
    expect(option(options, local(ministral))).toMatchObject({ verdict: "not-possible", needs: "download", reason: expect.stringContaining("needs a download; you are offline") });
    expect(option(options, "mistral-api")).toMatchObject({ verdict: "not-possible", needs: "network" });
  });

  it("offline with nothing downloaded, nothing is possible and nothing recommended", () => {
    expect(plan(device(nvidia, { online: false })).map((each) => each.verdict)).toEqual(["not-possible", "not-possible", "not-possible"]);
  });

  it("offers a self-hosted server after a local model that fits, and before the Mistral API", () => {
    const url = "http://localhost:11434/v1";
    const options = plan(device(nvidia), { selfHostedUrl: url });
    expect(options.map((each) => each.id)).toEqual([local(mistral7b), local(ministral), "self-hosted", "mistral-api"]);
    expect(option(options, "self-hosted")).toMatchObject({ title: `Self-hosted server at ${url}`, costs: { privacy: "sent-to-your-server" } });
    expect(recommended(plan(device(noWebGpu), { selfHostedUrl: url })).id).toBe("self-hosted");
  });

  it("offline, a server on this machine is still reachable and a remote one is not", () => {
    expect(recommended(plan(device(noWebGpu, { online: false }), { selfHostedUrl: "http://127.0.0.1:8000/v1" })).id).toBe("self-hosted");
    const remote = option(plan(device(noWebGpu, { online: false }), { selfHostedUrl: "https://llm.example.org/v1" }), "self-hosted");
    expect(remote).toMatchObject({ verdict: "not-possible", needs: "network" });
  });

  it("without self-hosted URL there is no self-hosted option", () => {
    expect(plan(device(nvidia)).some((each) => each.kind === "self-hosted")).toBe(false);
  });
});

describe("the GGUF engine on the CPU", () => {
  const gguf = { threads: 1 };

  it("is offered where WebGPU cannot run the web-llm models, with the suggested model's size and a speed estimate", () => {
    const options = plan(device(noWebGpu), { gguf });
    const cpu = option(options, "gguf");
    expect(cpu.verdict).toBe("possible");
    expect(cpu.reason).toContain("Ministral 3 3B Instruct (Q4_K_M) by Mistral AI, or a GGUF file you open");
    expect(cpu.reason).toMatch(/about \d+\.\d–\d+\.\d tokens\/s on this device's CPU \(one thread\)/);
    expect(cpu.costs).toEqual({ downloadBytes: 2_147_023_008, privacy: "on-device" });
    expect(cpu.needs).toBe("download");
    // The cloud is faster, so it stays first while it is reachable.
    expect(recommended(options).id).toBe("mistral-api");
  });

  it("is what is recommended offline without WebGPU, and says a file works without the internet", () => {
    const options = plan(device(noWebGpu, { online: false }), { gguf });
    expect(recommended(options).id).toBe("gguf");
    expect(option(options, "gguf").reason).toContain("opening a file you have works offline");
  });

  it("names a stored model and needs no download for it; more threads give a higher estimate", () => {
    const storedModel = { name: "Ministral 3 3B Instruct 2512", bytes: 2_147_023_008 };
    const one = option(plan(device(noWebGpu), { gguf: { storedModel, threads: 1 } }), "gguf");
    const three = option(plan(device(noWebGpu), { gguf: { storedModel, threads: 3 } }), "gguf");
    expect(one.reason).toContain("runs Ministral 3 3B Instruct 2512, already stored");
    expect(one.needs).toBeUndefined();
    expect(one.costs.downloadBytes).toBeUndefined();
    const rate = (text: string) => Number(/about (\d+(?:\.\d)?)–/.exec(text)?.[1]);
    expect(rate(three.reason)).toBeGreaterThan(rate(one.reason));
    expect(three.reason).toContain("(3 threads)");
  });

  it("comes after a web-llm model that fits the GPU, and before one on a software adapter", () => {
    const withGpu = plan(device(nvidia), { gguf }).map((candidate) => candidate.id);
    expect(withGpu.indexOf(local(mistral7b))).toBeLessThan(withGpu.indexOf("gguf"));
    const software = plan(device(swiftShader), { gguf }).map((candidate) => candidate.id);
    expect(software.indexOf("gguf")).toBeLessThan(software.indexOf(local(ministralF32)));
  });
});
