import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatEngine } from "../engines/types";
import type { EngineKind } from "../state/localEngineSlice";
import type { AppState } from "../state/store";
import type { BenchmarkTargetInputs } from "./benchmarkTargets";

/** Preparing an engine, scripted: a local model "loads" by marking the local engine ready. */
const prepared: EngineKind[] = [];
let state: AppState;
const engine: ChatEngine = {
  async *streamChat() {
    yield { type: "delta", text: "ok" };
    yield { type: "finish", reason: "stop" };
  },
};
vi.mock("../state/prepareEngine", () => ({
  prepareEngine: async (kind: EngineKind) => {
    prepared.push(kind);
    if (kind === "local") state = { ...state, localEngine: { status: "ready", modelId: "Mistral-7B-Instruct-v0.3-q4f16_1-MLC", contextWindowTokens: 4096 } };
    // Loading a GGUF model makes it the chat engine (ggufSlice's loadGgufModel).
    if (kind === "gguf") state = { ...state, engineKind: "gguf" };
    return { engine, model: `${kind}-model` };
  },
}));

const { listBenchmarkTargets, runBenchmarkOn } = await import("./benchmarkTargets");

const nothingSetUp: BenchmarkTargetInputs = {
  apiKey: "",
  model: "mistral-small-latest",
  selfHostedUrl: "",
  selfHostedModel: "",
  ggufModelId: undefined,
  ggufEngine: { status: "idle" },
  ggufModels: [],
  localEngine: { status: "idle" },
  localModelId: "Mistral-7B-Instruct-v0.3-q4f16_1-MLC",
  modelCache: {},
  gpu: { status: "unknown" },
};
const everythingSetUp: BenchmarkTargetInputs = {
  ...nothingSetUp,
  apiKey: "key",
  selfHostedUrl: "http://localhost:11434/v1",
  selfHostedModel: "mistral",
  ggufModelId: "g1",
  modelCache: { "Mistral-7B-Instruct-v0.3-q4f16_1-MLC": { state: "ready", shardsStored: 1, bytesStored: 1 } },
};

describe("listBenchmarkTargets", () => {
  it("lists every engine, saying what to set up for those that cannot run", () => {
    expect(listBenchmarkTargets(nothingSetUp).map((option) => [option.kind, option.unavailable])).toEqual([
      ["mistral-api", "add an API key in Settings"],
      ["self-hosted", "add your server's address in Settings"],
      ["local", "download a model in Settings → On this device"],
      ["gguf", "download or open a GGUF model in Settings → On the CPU"],
    ]);
    const partial = { ...nothingSetUp, selfHostedUrl: "http://x/v1", modelCache: { "Mistral-7B-Instruct-v0.3-q4f16_1-MLC": { state: "partial" as const, shardsStored: 1, bytesStored: 1 } } };
    expect(listBenchmarkTargets(partial).map((option) => option.unavailable)).toEqual([
      "add an API key in Settings",
      "pick one of your server's models in Settings",
      "finish downloading Mistral 7B Instruct v0.3 in Settings → On this device",
      "download or open a GGUF model in Settings → On the CPU",
    ]);
  });

  it("offers engines that are set up, a local model only once it is on this device", () => {
    const options = listBenchmarkTargets(everythingSetUp);
    expect(options.every((option) => option.unavailable === undefined)).toBe(true);
    expect(options.map((option) => option.model)).toEqual(["mistral-small-latest", "mistral", "Mistral-7B-Instruct-v0.3-q4f16_1-MLC", "the chosen GGUF model"]);
    const loaded = listBenchmarkTargets({ ...nothingSetUp, localEngine: { status: "ready", modelId: "other-id", contextWindowTokens: 4096 } });
    expect(loaded[2].model).toBe("other-id");
    expect(loaded[2].unavailable).toBeUndefined();
  });
});

describe("runBenchmarkOn", () => {
  const selectEngine = vi.fn((kind: EngineKind) => {
    state = { ...state, engineKind: kind, engineChosen: true, localEngine: kind === "local" ? state.localEngine : { status: "idle" } };
  });
  const store = { get: () => state, set: (partial: Partial<AppState>) => (state = { ...state, ...partial }) };

  beforeEach(() => {
    prepared.length = 0;
    selectEngine.mockClear();
    state = { ...everythingSetUp, downloadSizes: {}, engineKind: "mistral-api", engineChosen: false, selectEngine } as unknown as AppState;
  });

  it("runs only the ticked engines that can run, in order", async () => {
    const run = await runBenchmarkOn(["gguf", "mistral-api"], { ...store, get: () => ({ ...state, ggufModelId: undefined }) }, new AbortController().signal, () => undefined);
    expect(prepared).toEqual(["mistral-api"]);
    expect(run.targets.map((target) => target.kind)).toEqual(["mistral-api"]);
  });

  it("puts the person's engine back and lets go of models loaded only for the benchmark", async () => {
    const run = await runBenchmarkOn(["mistral-api", "local", "gguf"], store, new AbortController().signal, () => undefined);
    expect(prepared).toEqual(["mistral-api", "local", "gguf"]);
    expect(run.targets.find((target) => target.kind === "local")?.gpuCeiling).toEqual({ status: "unknown", reason: "the best this GPU could reach is unknown: the browser does not name it" });
    expect(selectEngine).toHaveBeenCalledWith("mistral-api");
    expect(state).toMatchObject({ engineKind: "mistral-api", engineChosen: false, localEngine: { status: "idle" } });
  });

  it("leaves the engines alone when only the cloud ran", async () => {
    await runBenchmarkOn(["mistral-api", "self-hosted"], store, new AbortController().signal, () => undefined);
    expect(selectEngine).not.toHaveBeenCalled();
  });
});
