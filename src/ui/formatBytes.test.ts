import { describe, expect, it } from "vitest";
import { formatBytes } from "./formatBytes";

describe("formatBytes", () => {
  it("uses binary units", () => {
    expect(formatBytes(1024 ** 3)).toBe("1 GiB");
    expect(formatBytes(256 * 1024 ** 2)).toBe("256 MiB");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(12)).toBe("12 B");
  });
});
