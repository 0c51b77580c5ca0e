import { describe, expect, it, vi } from "vitest";
import {
  buildTinyGgufModel,
  tinyModelChatTemplate,
  tinyModelShape,
  tinyModelVocabulary,
} from "../../../e2e/fixtures/tinyGgufModel";
import type { GgufHeader, GgufProblem } from "./readGgufHeader";
import {
  checkGgufFile,
  ggufContextLength,
  ggufDisplayName,
  readGgufHeader,
  startsLikeGguf,
} from "./readGgufHeader";

const model = buildTinyGgufModel();
// The generator writes 9 tensors per layer, then token_embd, output_norm and output.
const tinyTensorCount = tinyModelShape.layers * 9 + 3;

const blobOf = (...parts: Uint8Array[]): Blob => new Blob(parts.map((part) => part.slice()));

/** A copy of the tiny model with a little-endian value written over it. */
function patched(offset: number, write: (view: DataView) => void): Blob {
  const copy = model.slice();
  write(new DataView(copy.buffer, offset));
  return blobOf(copy);
}

async function problemOf(promise: Promise<unknown>): Promise<GgufProblem | "none"> {
  try {
    await promise;
    return "none";
  } catch (error) {
    expect(error).toHaveProperty("name", "GgufFormatError");
    return (error as { problem: GgufProblem }).problem;
  }
}

/** A minimal GGUF v3 writer, for headers the tiny model does not have. */
const u32 = (value: number): Uint8Array => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
};
const u64 = (value: number): Uint8Array => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value), true);
  return bytes;
};
const str = (value: string): Uint8Array[] => {
  const encoded = new TextEncoder().encode(value);
  return [u64(encoded.length), encoded];
};
interface TensorSpec {
  dims: number[];
  type: number;
  offset: number;
}
function ggufBytes(strings: Record<string, string>, tensors: TensorSpec[] = []): Uint8Array[] {
  const parts: Uint8Array[] = [new TextEncoder().encode("GGUF"), u32(3), u64(tensors.length)];
  parts.push(u64(Object.keys(strings).length));
  for (const [key, value] of Object.entries(strings)) parts.push(...str(key), u32(8), ...str(value));
  tensors.forEach((tensor, index) => {
    parts.push(...str(`t${index}`), u32(tensor.dims.length), ...tensor.dims.map(u64), u32(tensor.type), u64(tensor.offset));
  });
  return parts;
}

describe("readGgufHeader on the tiny test model", () => {
  it("reads its version, tensors, metadata and array lengths", async () => {
    const header = await readGgufHeader(blobOf(model));
    expect(header.version).toBe(3);
    expect(header.tensorCount).toBe(tinyTensorCount);
    expect(header.metadata["general.architecture"]).toBe("llama");
    expect(header.metadata["general.alignment"]).toBe(32);
    expect(header.metadata["tokenizer.ggml.add_bos_token"]).toBe(true);
    expect(header.metadata["llama.attention.layer_norm_rms_epsilon"]).toBeCloseTo(1e-5);
    expect(header.metadata["tokenizer.chat_template"]).toBe(tinyModelChatTemplate);
    expect(ggufContextLength(header)).toBe(tinyModelShape.context);
    const vocabularySize = tinyModelVocabulary().length;
    expect(header.arrayLengths["tokenizer.ggml.tokens"]).toBe(vocabularySize);
    expect(header.arrayLengths["tokenizer.ggml.scores"]).toBe(vocabularySize);
    // Arrays are counted, not kept.
    expect(header.metadata["tokenizer.ggml.tokens"]).toBeUndefined();
    expect(header.dataOffset % 32).toBe(0);
  });

  it("expects exactly the file's length", async () => {
    // The generator pads after every tensor, the last one included, but output.weight is
    // 64 × vocabulary × 4 bytes, a multiple of 32: the padding is empty and the file ends with
    // real data. Checked here so the equality below means what it says.
    expect((64 * tinyModelVocabulary().length * 4) % 32).toBe(0);
    expect(model.length).toBe(474_624);
    const header = await readGgufHeader(blobOf(model));
    expect(header.expectedFileBytes).toBe(model.length);
  });

  it("checkGgufFile passes the whole file and rejects a cut one", async () => {
    await expect(checkGgufFile(blobOf(model))).resolves.toHaveProperty("version", 3);
    const cut = blobOf(model.subarray(0, Math.floor(model.length * 0.9)));
    // The header is intact, so reading it works; only the check sees the missing data.
    await expect(readGgufHeader(cut)).resolves.toHaveProperty("tensorCount", tinyTensorCount);
    expect(await problemOf(checkGgufFile(cut))).toBe("truncated");
    await expect(checkGgufFile(cut)).rejects.toThrow(/427,161 of 474,624 bytes/);
  });

  it("reports a file cut inside the header as truncated", async () => {
    const cut = blobOf(model.subarray(0, 200));
    expect(await problemOf(readGgufHeader(cut))).toBe("truncated");
    await expect(checkGgufFile(cut)).rejects.toThrow("The file ends too early: it is incomplete.");
  });
});

describe("readGgufHeader on bad files", () => {
  it("rejects files that are not GGUF", async () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    expect(await problemOf(readGgufHeader(blobOf(png)))).toBe("not-gguf");
    expect(await problemOf(readGgufHeader(new Blob(["hello, world"])))).toBe("not-gguf");
    expect(await problemOf(readGgufHeader(new Blob([])))).toBe("not-gguf");
    await expect(readGgufHeader(blobOf(png))).rejects.toThrow("This file is not a GGUF model.");
  });

  it("rejects other versions", async () => {
    const v4 = patched(4, (view) => view.setUint32(0, 4, true));
    expect(await problemOf(readGgufHeader(v4))).toBe("unsupported-version");
    const bigEndian = patched(4, (view) => view.setUint32(0, 3, false));
    await expect(readGgufHeader(bigEndian)).rejects.toThrow(/big-endian/);
  });

  // The first key's length sits right after magic, version and the two counts.
  const firstKeyLength = 24;

  it("reports nonsense lengths and types as corrupt", async () => {
    const hugeString = patched(firstKeyLength, (view) => view.setBigUint64(0, 2n ** 40n, true));
    expect(await problemOf(readGgufHeader(hugeString))).toBe("corrupt");
    const unsafe = patched(firstKeyLength, (view) => view.setBigUint64(0, 2n ** 64n - 1n, true));
    expect(await problemOf(readGgufHeader(unsafe))).toBe("corrupt");
    // The first value's type follows the key "general.architecture" (20 bytes).
    const unknownType = patched(firstKeyLength + 8 + 20, (view) => view.setUint32(0, 77, true));
    expect(await problemOf(readGgufHeader(unknownType))).toBe("corrupt");
    const fiveDims = blobOf(...ggufBytes({}, [{ dims: [1, 1, 1, 1, 1], type: 0, offset: 0 }]));
    expect(await problemOf(readGgufHeader(fiveDims))).toBe("corrupt");
  });
});

describe("readGgufHeader on written headers", () => {
  it("reads a header larger than the first slice, without reading the data", async () => {
    const longText = "x".repeat(3 * 1024 * 1024);
    const header = ggufBytes({ "general.architecture": "llama", "general.description": longText });
    const blob = blobOf(...header, new Uint8Array(20 * 1024 * 1024));
    const slice = vi.spyOn(blob, "slice");
    const parsed = await readGgufHeader(blob);
    expect(parsed.metadata["general.description"]).toBe(longText);
    expect(parsed.metadata["general.architecture"]).toBe("llama");
    expect(slice.mock.calls.length).toBeGreaterThan(1);
    const bytesRead = slice.mock.calls.reduce((sum, [start = 0, end = 0]) => sum + end - start, 0);
    expect(bytesRead).toBeLessThan(8 * 1024 * 1024);
  });

  it("sizes quantized tensors from the ggml type table", async () => {
    // Q4_0: 32 elements in 18 bytes, so 64 × 2 elements take 72 bytes; Q6_K: 256 in 210.
    const tensors = [
      { dims: [64, 2], type: 2, offset: 0 },
      { dims: [256], type: 14, offset: 96 },
    ];
    const header = await readGgufHeader(blobOf(...ggufBytes({ "general.name": "q" }, tensors)));
    expect(header.tensorCount).toBe(2);
    expect(header.expectedFileBytes).toBe(header.dataOffset + 96 + 210);
  });

  it("leaves the size unknown when a tensor type is not in the table", async () => {
    const header = await readGgufHeader(blobOf(...ggufBytes({}, [{ dims: [8], type: 99, offset: 0 }])));
    expect(header.expectedFileBytes).toBeUndefined();
    await expect(checkGgufFile(blobOf(...ggufBytes({}, [{ dims: [8], type: 99, offset: 0 }])))).resolves.toBeDefined();
  });
});

describe("startsLikeGguf", () => {
  it("looks at the first four bytes only", () => {
    expect(startsLikeGguf(model.subarray(0, 16))).toBe(true);
    expect(startsLikeGguf(new TextEncoder().encode("GGUF"))).toBe(true);
    expect(startsLikeGguf(new TextEncoder().encode("GGU"))).toBe(false);
    expect(startsLikeGguf(new TextEncoder().encode("<!DOCTYPE html>"))).toBe(false);
  });
});

describe("ggufDisplayName", () => {
  const withMetadata = (metadata: GgufHeader["metadata"]): GgufHeader => ({
    version: 3,
    tensorCount: 0,
    metadata,
    arrayLengths: {},
    dataOffset: 32,
    expectedFileBytes: 32,
  });

  it("uses general.name, adding the size label when the name lacks it", async () => {
    expect(ggufDisplayName(await readGgufHeader(blobOf(model)), "x.gguf")).toBe("tramontane-tiny-test-model");
    expect(ggufDisplayName(withMetadata({ "general.name": "Ministral", "general.size_label": "8B" }), "x.gguf")).toBe(
      "Ministral 8B",
    );
    expect(
      ggufDisplayName(withMetadata({ "general.name": "Mistral 7B Instruct", "general.size_label": "7B" }), "x.gguf"),
    ).toBe("Mistral 7B Instruct");
  });

  it("falls back to the file name without .gguf", () => {
    expect(ggufDisplayName(withMetadata({}), "mistral-7b.Q4_K_M.gguf")).toBe("mistral-7b.Q4_K_M");
    expect(ggufDisplayName(withMetadata({ "general.name": "  " }), "Model.GGUF")).toBe("Model");
  });
});
