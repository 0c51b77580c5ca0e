import { describe, expect, it } from "vitest";
import { EngineError } from "../engines/engineError";
import { explainPolicyBlock, watchPolicyViolations } from "./policyViolations";

function reportViolation(directive: string, blockedURI: string) {
  document.dispatchEvent(Object.assign(new Event("securitypolicyviolation"), { effectiveDirective: directive, blockedURI }));
}

describe("explainPolicyBlock", () => {
  watchPolicyViolations(document);

  it("says the policy blocked a host the browser reported, and leaves other failures alone", async () => {
    reportViolation("connect-src", "https://proxy.example.org/v1/models");
    reportViolation("img-src", "https://images.example/cat.png");
    const blocked = await explainPolicyBlock(new EngineError("NETWORK"), "https://proxy.example.org");
    expect(blocked).toMatchObject({ code: "BLOCKED_BY_POLICY", detail: "Blocked: https://proxy.example.org" });
    expect((await explainPolicyBlock(new EngineError("NETWORK"), "https://down.example.org")).code).toBe("NETWORK");
    expect((await explainPolicyBlock(new EngineError("NETWORK"), "https://images.example")).code).toBe("NETWORK");
    expect((await explainPolicyBlock(new EngineError("UNAUTHORIZED"), "https://proxy.example.org")).code).toBe("UNAUTHORIZED");
  });

  it("recognises a report that comes some tasks after the failed fetch, as a worker's does", async () => {
    const explained = explainPolicyBlock(new EngineError("NETWORK"), "https://late.example.org");
    setTimeout(() => reportViolation("connect-src", "https://late.example.org/v1/chat/completions"), 20);
    expect((await explained).code).toBe("BLOCKED_BY_POLICY");
  });
});
