// @vitest-environment node
// web-llm is imported here (and only in tests and the worker): in Node its module body touches no
// browser globals, and the node environment keeps jsdom's globals from changing what it sees.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { prebuiltAppConfig } from "@mlc-ai/web-llm";
import { describe, expect, it } from "vitest";
import {
  generatedCatalogPath,
  offeredWebllmModelIds,
  renderWebllmCatalogModule,
  selectOfferedRecords,
} from "../../scripts/generateWebllmCatalog";
import {
  createWebllmAppConfig,
  defaultLocalModel,
  downloadBytesFromManifest,
  findLocalModel,
  kvCacheBytes,
  localModelFromRecord,
  localModels,
  withDownloadBytes,
} from "./catalog";
import { webllmModelRecords, webllmVersion } from "./webllmModelRecords.generated";

const installedVersion = (createRequire(import.meta.url)("@mlc-ai/web-llm/package.json") as { version: string }).version;

describe("the generated records", () => {
  it("equal the installed web-llm's prebuiltAppConfig records (regenerate after an upgrade)", () => {
    expect(webllmModelRecords).toEqual(selectOfferedRecords(prebuiltAppConfig.model_list));
    expect(webllmVersion).toBe(installedVersion);
  });

  it("are exactly what the generator writes today", () => {
    const onDisk = readFileSync(new URL(`../../${generatedCatalogPath}`, import.meta.url), "utf8");
    expect(onDisk).toBe(renderWebllmCatalogModule(selectOfferedRecords(prebuiltAppConfig.model_list), installedVersion));
  });

  it("cover every offered id, in order", () => {
    expect(webllmModelRecords.map((record) => record.model_id)).toEqual([...offeredWebllmModelIds]);
  });

  it("make the generator fail loudly when web-llm drops a build", () => {
    expect(() => selectOfferedRecords(prebuiltAppConfig.model_list, ["Mistral-7B-Instruct-v9-q4f16_1-MLC"])).toThrow(/no model/);
  });
});

describe("localModels", () => {
  const byId = (id: string) => {
    const model = findLocalModel(id);
    if (!model) throw new Error(`missing ${id}`);
    return model;
  };

  it("derives Mistral 7B f16 from its record", () => {
    const record = prebuiltAppConfig.model_list.find((r) => r.model_id === "Mistral-7B-Instruct-v0.3-q4f16_1-MLC");
    expect(record).toBeDefined();
    expect(byId("Mistral-7B-Instruct-v0.3-q4f16_1-MLC")).toEqual({
      id: "Mistral-7B-Instruct-v0.3-q4f16_1-MLC",
      family: "mistral-7b",
      displayName: "Mistral 7B Instruct v0.3",
      quantization: "q4f16_1",
      needsShaderF16: true,
      vramBytes: Math.round((record?.vram_required_MB ?? 0) * 2 ** 20),
      defaultContextTokens: 4096,
      maxContextTokens: 32768,
      kvBytesPerToken: 32 * 8 * 128 * 2 * 2,
      downloadBytes: undefined,
      modelUrl: record?.model,
      modelLibUrl: record?.model_lib,
      lowResource: false,
    });
  });

  it("doubles the KV cache per token for f32 builds, which keep it in f32", () => {
    expect(byId("Mistral-7B-Instruct-v0.3-q4f16_1-MLC").kvBytesPerToken).toBe(131072);
    expect(byId("Mistral-7B-Instruct-v0.3-q4f32_1-MLC").kvBytesPerToken).toBe(262144);
    expect(byId("Ministral-3-3B-Instruct-2512-BF16-q4f16_1-MLC").kvBytesPerToken).toBe(26 * 8 * 128 * 2 * 2);
    expect(byId("Ministral-3-3B-Instruct-2512-BF16-q4f32_1-MLC").kvBytesPerToken).toBe(26 * 8 * 128 * 2 * 4);
  });

  it("marks every q4f16 build as needing shader-f16, even where the record lists no feature", () => {
    const ministral = byId("Ministral-3-3B-Instruct-2512-BF16-q4f16_1-MLC");
    expect(webllmModelRecords.find((r) => r.model_id === ministral.id)?.required_features).toBeUndefined();
    expect(ministral.needsShaderF16).toBe(true);
    expect(byId("Ministral-3-3B-Instruct-2512-BF16-q4f32_1-MLC").needsShaderF16).toBe(false);
    expect(byId("Mistral-7B-Instruct-v0.3-q4f32_1-MLC").needsShaderF16).toBe(false);
  });

  it("keeps Ministral 3B at the context its record states", () => {
    const ministral = byId("Ministral-3-3B-Instruct-2512-BF16-q4f32_1-MLC");
    expect(ministral).toMatchObject({ family: "ministral-3b", displayName: "Ministral 3 3B Instruct", quantization: "q4f32_1", maxContextTokens: 4096, defaultContextTokens: 4096, lowResource: true });
    expect(ministral.vramBytes).toBe(Math.round(3532.37 * 2 ** 20));
  });

  it("falls back to a 4096-token context when a record has no override", () => {
    const record = { ...webllmModelRecords[0], overrides: undefined };
    expect(localModelFromRecord(record).defaultContextTokens).toBe(4096);
  });

  it("refuses records it cannot place", () => {
    expect(() => localModelFromRecord({ ...webllmModelRecords[0], model_id: "Llama-3-8B-q4f16_1-MLC" })).toThrow(/family/);
    expect(() => localModelFromRecord({ ...webllmModelRecords[0], model_id: "Mistral-7B-Instruct-v0.3-q0f16-MLC" })).toThrow(/quantization/);
  });

  it("lists the four builds", () => {
    expect(localModels.map((model) => model.id)).toEqual([...offeredWebllmModelIds]);
    expect(findLocalModel("nope")).toBeUndefined();
  });
});

describe("helpers", () => {
  it("defaults to the f16 Mistral 7B only with shader-f16", () => {
    expect(defaultLocalModel(true).id).toBe("Mistral-7B-Instruct-v0.3-q4f16_1-MLC");
    expect(defaultLocalModel(false).id).toBe("Mistral-7B-Instruct-v0.3-q4f32_1-MLC");
  });

  it("sizes the KV cache: 32K tokens of Mistral 7B f16 take 4 GiB", () => {
    expect(kvCacheBytes(defaultLocalModel(true), 32768)).toBe(4 * 2 ** 30);
    expect(kvCacheBytes(defaultLocalModel(true), 4096)).toBe(512 * 2 ** 20);
  });

  it("fills the download size from a tensor-cache manifest", () => {
    const manifest = { records: [{ nbytes: 100 }, { nbytes: 23 }] };
    expect(downloadBytesFromManifest(manifest)).toBe(123);
    const model = withDownloadBytes(defaultLocalModel(true), manifest);
    expect(model.downloadBytes).toBe(123);
    expect(defaultLocalModel(true).downloadBytes).toBeUndefined();
  });

  it("builds an IndexedDB AppConfig holding copies of our records", () => {
    const config = createWebllmAppConfig();
    expect(config.cacheBackend).toBe("indexeddb");
    expect(config.model_list).toEqual(webllmModelRecords);
    config.model_list[0].model_id = "changed";
    expect(webllmModelRecords[0].model_id).toBe("Mistral-7B-Instruct-v0.3-q4f16_1-MLC");
  });
});
