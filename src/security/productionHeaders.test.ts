// @vitest-environment node
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheControlFor, contentSecurityPolicy, staticHostHeadersFile } from "./productionHeaders";

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

  it("lets browsers keep the hashed built files for good, and asks again for everything else", () => {
    expect(cacheControlFor("/assets/index-CJw3ClUP.js")).toBe("public, max-age=31536000, immutable");
    for (const path of ["/", "/index.html", "/sw.js", "/manifest.webmanifest", "/workbox-2178cfdb.js", "/favicon.svg"]) {
      expect(cacheControlFor(path), path).toBe("no-cache");
    }
    expect(readFileSync(resolve("public/_headers"), "utf8")).toContain("/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n");
  });
});
