import { describe, expect, it } from "vitest";
import { maxAttachmentBytes, readTextAttachment } from "./readTextAttachment";

describe("readTextAttachment", () => {
  it("reads a UTF-8 text file whole, without its byte-order mark", async () => {
    expect(await readTextAttachment(new File(["\uFEFFnotes: café ☕\nline 2"], "notes.md"))).toEqual({ attachment: { name: "notes.md", text: "notes: café ☕\nline 2" } });
  });

  it("refuses a file that is not UTF-8 text, or that holds NUL bytes, naming it", async () => {
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe])], "photo.png");
    expect(await readTextAttachment(png)).toEqual({ problem: expect.stringContaining('"photo.png" is not a text file') });
    const binary = new File([new Uint8Array([0x41, 0x00, 0x42])], "data.bin");
    expect(await readTextAttachment(binary)).toEqual({ problem: expect.stringContaining('"data.bin" is not a text file') });
  });

  it("refuses a file over the limit without reading it", async () => {
    const big = new File(["a".repeat(maxAttachmentBytes + 1)], "big.log");
    expect(await readTextAttachment(big)).toEqual({ problem: '"big.log" is too large: files up to 1 MiB can be attached.' });
  });
});
