/**
 * Reads the header of a GGUF file (llama.cpp's model format, versions 2 and 3, little-endian) from
 * a Blob — a File a person picked or an OPFS file — without reading the model's weights: slices
 * from the start, doubled while the header is longer (tokenizer arrays can make it 10+ MB).
 * Lets the app name a model, find its context length and spot a cut-short file before handing
 * gigabytes to the engine. Browser and worker safe: only Blob, DataView and TextDecoder.
 *
 * Layout: "GGUF" · u32 version · u64 tensor_count · u64 kv_count · kv pairs (string key, u32 value
 * type, value) · tensor infos (string name, u32 n_dims, u64 dims[n], u32 ggml type, u64 offset
 * from the data start) · padding to general.alignment · tensor data. Strings are u64 length + UTF-8.
 */

export type GgufProblem = "not-gguf" | "unsupported-version" | "truncated" | "corrupt";

export class GgufFormatError extends Error {
  readonly problem: GgufProblem;

  constructor(problem: GgufProblem, message: string) {
    super(message);
    this.name = "GgufFormatError";
    this.problem = problem;
  }
}

export interface GgufHeader {
  version: number;
  tensorCount: number;
  /** Scalar metadata (numbers as number — uint64/int64 converted with Number(); bools; strings). Arrays are NOT kept, except that their length is recorded in arrayLengths. */
  metadata: Record<string, string | number | boolean>;
  arrayLengths: Record<string, number>;
  /** Byte offset where tensor data starts (after alignment; general.alignment, default 32). */
  dataOffset: number;
  /** dataOffset + the end of the last tensor's data; undefined when a tensor has a ggml type not in the table below (then the size cannot be checked). */
  expectedFileBytes: number | undefined;
}

const FIRST_READ_BYTES = 1 << 20;
/** No real header comes near this; past it the lengths in the file are nonsense. */
const MAX_HEADER_BYTES = 64 << 20;
const DEFAULT_ALIGNMENT = 32;
/** GGML_MAX_DIMS. */
const MAX_DIMS = 4;
const MAGIC = [0x47, 0x47, 0x55, 0x46]; // "GGUF"
const TRUNCATED_MESSAGE = "The file ends too early: it is incomplete.";

/**
 * ggml type id → [elements per block, bytes per block], copied from ggml's type_traits
 * (ggml/src/ggml.c). Missing ids are types removed from ggml (4, 5, 31–33, 36–38) or newer ones.
 */
const ggmlTypeSizes: ReadonlyMap<number, readonly [number, number]> = new Map([
  [0, [1, 4]], [1, [1, 2]], [2, [32, 18]], [3, [32, 20]], [6, [32, 22]], [7, [32, 24]],
  [8, [32, 34]], [9, [32, 36]], [10, [256, 84]], [11, [256, 110]], [12, [256, 144]],
  [13, [256, 176]], [14, [256, 210]], [15, [256, 292]], [16, [256, 66]], [17, [256, 74]],
  [18, [256, 98]], [19, [256, 50]], [20, [32, 18]], [21, [256, 110]], [22, [256, 82]],
  [23, [256, 136]], [24, [1, 1]], [25, [1, 2]], [26, [1, 4]], [27, [1, 8]], [28, [1, 8]],
  [29, [256, 56]], [30, [1, 2]], [34, [256, 54]], [35, [256, 66]], [39, [32, 17]],
]);

/** Bytes of each fixed-size GGUF value type (8 STRING and 9 ARRAY have their own rules). */
const valueSizes: ReadonlyMap<number, number> = new Map([
  [0, 1], [1, 1], [2, 2], [3, 2], [4, 4], [5, 4], [6, 4], [7, 1], [10, 8], [11, 8], [12, 8],
]);
const STRING = 8;
const ARRAY = 9;

const corrupt = (detail: string): GgufFormatError =>
  new GgufFormatError("corrupt", `This GGUF file is damaged (${detail}).`);

/** Thrown inside the synchronous parse when the bytes read so far end before the header does. */
class NeedMoreBytes {
  readonly end: number;
  constructor(end: number) {
    this.end = end;
  }
}

/** A cursor over the bytes read so far; knows the blob's size to tell "read more" from "cut". */
class HeaderReader {
  pos = 0;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly blobSize: number;
  private readonly decoder = new TextDecoder();

  constructor(bytes: Uint8Array, blobSize: number) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.blobSize = blobSize;
  }

  /** Advances by n bytes and returns where they start. */
  take(n: number): number {
    const at = this.pos;
    const end = at + n;
    if (end > this.bytes.length) {
      if (end > MAX_HEADER_BYTES) throw corrupt("a length in its header is far too large");
      if (end > this.blobSize) throw new GgufFormatError("truncated", TRUNCATED_MESSAGE);
      throw new NeedMoreBytes(end);
    }
    this.pos = end;
    return at;
  }

  u32(): number {
    return this.view.getUint32(this.take(4), true);
  }
  /** A count, length, dimension or offset: must be exact as a number. */
  size(): number {
    const value = this.view.getBigUint64(this.take(8), true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt("a size in its header is out of range");
    return Number(value);
  }
  string(): string {
    const length = this.size();
    const at = this.take(length);
    return this.decoder.decode(this.bytes.subarray(at, at + length));
  }
  skipString(): void {
    this.take(this.size());
  }

  scalar(type: number): string | number | boolean {
    const v = this.view;
    switch (type) {
      case 0: return v.getUint8(this.take(1));
      case 1: return v.getInt8(this.take(1));
      case 2: return v.getUint16(this.take(2), true);
      case 3: return v.getInt16(this.take(2), true);
      case 4: return v.getUint32(this.take(4), true);
      case 5: return v.getInt32(this.take(4), true);
      case 6: return v.getFloat32(this.take(4), true);
      case 7: return v.getUint8(this.take(1)) !== 0;
      case STRING: return this.string();
      case 10: return Number(v.getBigUint64(this.take(8), true));
      case 11: return Number(v.getBigInt64(this.take(8), true));
      case 12: return v.getFloat64(this.take(8), true);
      default: throw corrupt(`unknown value type ${type}`);
    }
  }

  /** Steps over an array's elements without decoding them; returns its length. */
  skipArray(): number {
    const elementType = this.u32();
    const count = this.size();
    if (elementType === STRING) {
      for (let i = 0; i < count; i++) this.skipString();
      return count;
    }
    const elementSize = valueSizes.get(elementType);
    // Nested arrays are not allowed by llama.cpp either.
    if (elementSize === undefined) throw corrupt(`unknown array element type ${elementType}`);
    this.take(count * elementSize);
    return count;
  }
}

function parseHeader(bytes: Uint8Array, blobSize: number): GgufHeader {
  const reader = new HeaderReader(bytes, blobSize);
  reader.take(4); // the magic, checked by the caller
  const version = reader.u32();
  if (version !== 2 && version !== 3) {
    // A big-endian file's 2 or 3 reads as 0x02000000 or 0x03000000 here.
    const bigEndian = version === 0x02000000 || version === 0x03000000;
    const message = bigEndian
      ? "This GGUF file is big-endian; only little-endian files can be used."
      : `This file uses GGUF version ${version}; only versions 2 and 3 can be used.`;
    throw new GgufFormatError("unsupported-version", message);
  }
  const [tensorCount, kvCount] = [reader.size(), reader.size()];
  // Keys come from the file: a null prototype keeps "__proto__" and the like plain keys.
  const metadata = Object.create(null) as Record<string, string | number | boolean>;
  const arrayLengths = Object.create(null) as Record<string, number>;
  for (let i = 0; i < kvCount; i++) {
    const key = reader.string();
    const type = reader.u32();
    if (type === ARRAY) arrayLengths[key] = reader.skipArray();
    else metadata[key] = reader.scalar(type);
  }

  let dataEnd = 0n;
  let sizesKnown = true;
  for (let i = 0; i < tensorCount; i++) {
    reader.skipString(); // the tensor's name
    const dimCount = reader.u32();
    if (dimCount > MAX_DIMS) throw corrupt(`a tensor has ${dimCount} dimensions`);
    const dims = Array.from({ length: dimCount }, () => reader.size());
    const typeSize = ggmlTypeSizes.get(reader.u32());
    const offset = reader.size();
    if (!typeSize) {
      sizesKnown = false;
      continue;
    }
    const [blockSize, blockBytes] = typeSize;
    // As llama.cpp requires, a row holds whole blocks.
    if ((dims[0] ?? 1) % blockSize !== 0) throw corrupt("a tensor's rows do not fit its type");
    const elements = dims.reduce((product, dim) => product * BigInt(dim), 1n);
    const end = BigInt(offset) + (elements / BigInt(blockSize)) * BigInt(blockBytes);
    if (end > dataEnd) dataEnd = end;
  }

  const alignment = metadata["general.alignment"] ?? DEFAULT_ALIGNMENT;
  if (typeof alignment !== "number" || !Number.isInteger(alignment) || alignment <= 0 || (alignment & (alignment - 1)) !== 0) {
    throw corrupt("its alignment is not a power of two");
  }
  const dataOffset = Math.ceil(reader.pos / alignment) * alignment;
  const fileEnd = BigInt(dataOffset) + dataEnd;
  if (fileEnd > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt("its tensors are impossibly large");
  const expectedFileBytes = sizesKnown ? Number(fileEnd) : undefined;
  return { version, tensorCount, metadata, arrayLengths, dataOffset, expectedFileBytes };
}

async function readSlice(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

export async function readGgufHeader(blob: Blob): Promise<GgufHeader> {
  let bytes = await readSlice(blob, 0, Math.min(blob.size, FIRST_READ_BYTES));
  if (!startsLikeGguf(bytes)) throw new GgufFormatError("not-gguf", "This file is not a GGUF model.");
  for (;;) {
    try {
      // Parsing again from the start after each read keeps the parser simple; it is cheap next
      // to reading, and there are at most a handful of rounds up to the 64 MiB cap.
      return parseHeader(bytes, blob.size);
    } catch (error) {
      if (!(error instanceof NeedMoreBytes)) throw error;
      // NeedMoreBytes means error.end is within both the blob and the cap, so this grows.
      const size = Math.min(blob.size, MAX_HEADER_BYTES, Math.max(bytes.length * 2, error.end));
      const grown = new Uint8Array(size);
      grown.set(bytes);
      grown.set(await readSlice(blob, bytes.length, size), bytes.length);
      bytes = grown;
    }
  }
}

/** Throws GgufFormatError("truncated") when blob.size < expectedFileBytes. Returns the header. */
export async function checkGgufFile(blob: Blob): Promise<GgufHeader> {
  const header = await readGgufHeader(blob);
  const expected = header.expectedFileBytes;
  if (expected !== undefined && blob.size < expected) {
    const bytes = (n: number): string => n.toLocaleString("en-US");
    throw new GgufFormatError(
      "truncated",
      `The file ends too early: it is incomplete (${bytes(blob.size)} of ${bytes(expected)} bytes).`,
    );
  }
  return header;
}

/** Only the first bytes: true when they are "GGUF". For rejecting a download after its first chunk. */
export function startsLikeGguf(firstBytes: Uint8Array): boolean {
  return firstBytes.length >= MAGIC.length && MAGIC.every((byte, i) => firstBytes[i] === byte);
}

/** general.name, with general.size_label when the name lacks it; else the file name. */
export function ggufDisplayName(header: GgufHeader, fallbackFileName: string): string {
  const text = (key: string): string => {
    const value = header.metadata[key];
    return typeof value === "string" ? value.trim() : "";
  };
  const [name, label] = [text("general.name"), text("general.size_label")];
  if (!name) return fallbackFileName.replace(/\.gguf$/i, "");
  return !label || name.toLowerCase().includes(label.toLowerCase()) ? name : `${name} ${label}`;
}

/** `<general.architecture>.context_length`: the context the model was trained for. */
export function ggufContextLength(header: GgufHeader): number | undefined {
  const architecture = header.metadata["general.architecture"];
  if (typeof architecture !== "string") return undefined;
  const length = header.metadata[`${architecture}.context_length`];
  return typeof length === "number" && Number.isInteger(length) && length > 0 ? length : undefined;
}
