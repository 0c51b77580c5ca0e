// @vitest-environment node
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, staticHostHeadersFile } from "./productionHeaders";

describe("production headers", () => {
  it("public/_headers (for static hosts) says exactly what npm start sends", () => {
    expect(readFileSync(resolve("public/_headers"), "utf8")).toBe(staticHostHeadersFile());
  });

  it("allows WebAssembly but never eval, and no plugin, base or framing", () => {
    expect(contentSecurityPolicy).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(contentSecurityPolicy).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
    expect(contentSecurityPolicy).toContain("object-src 'none'");
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
  });
});
