import { describe, expect, it } from "vitest";
import { EngineError } from "../engines/engineError";
import { explainPolicyBlock, watchPolicyViolations } from "./policyViolations";

function reportViolation(directive: string, blockedURI: string) {
  document.dispatchEvent(Object.assign(new Event("securitypolicyviolation"), { effectiveDirective: directive, blockedURI }));
}

describe("explainPolicyBlock", () => {
  watchPolicyViolations();

  it("says the policy blocked a host the browser reported, and leaves other failures alone", async () => {
    reportViolation("connect-src", "https://proxy.example.org/v1/models");
    reportViolation("img-src", "https://images.example/cat.png");
    const blocked = await explainPolicyBlock(new EngineError("NETWORK"), "https://proxy.example.org");
    expect(blocked).toMatchObject({ code: "BLOCKED_BY_POLICY", detail: "Blocked: https://proxy.example.org" });
    expect((await explainPolicyBlock(new EngineError("NETWORK"), "https://down.example.org")).code).toBe("NETWORK");
    expect((await explainPolicyBlock(new EngineError("NETWORK"), "https://images.example")).code).toBe("NETWORK");
    expect((await explainPolicyBlock(new EngineError("UNAUTHORIZED"), "https://proxy.example.org")).code).toBe("UNAUTHORIZED");
  });
});
