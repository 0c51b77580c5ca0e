import { describe, expect, it } from "vitest";
import { EngineError, engineErrorCodes } from "./engineError";

describe("EngineError", () => {
  it("gives every code a message and a fix", () => {
    for (const code of engineErrorCodes) {
      const error = new EngineError(code);
      expect(error.message.length, code).toBeGreaterThan(5);
      expect(error.fix.length, code).toBeGreaterThan(5);
    }
  });

  it("round-trips through plain data, as it crosses worker and storage boundaries", () => {
    const original = new EngineError("RATE_LIMITED", { retryAt: 1234, detail: "slow down" });
    const copy = EngineError.fromData(structuredClone(original.toData()));
    expect(copy).toBeInstanceOf(EngineError);
    expect(copy.toData()).toEqual(original.toData());
    const overflow = new EngineError("INVALID_REQUEST", { contextOverflow: { promptTokens: 5000, contextTokens: 4096 } });
    expect(EngineError.fromData(structuredClone(overflow.toData())).contextOverflow).toEqual({ promptTokens: 5000, contextTokens: 4096 });
  });
});
