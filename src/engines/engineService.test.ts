import { closedPort } from "../../e2e/fixtures/loopbackServer";
import { describe, expect, it } from "vitest";
import { watchPolicyViolations } from "../security/policyViolations";
import { EngineError } from "./engineError";
import { getOpenAiCompatibleEngine, listOpenAiCompatibleModels } from "./engineService";

// As main.tsx does: the page's document is where the browser reports what the policy refused.
watchPolicyViolations(document);

function reportRefused(url: string) {
  document.dispatchEvent(Object.assign(new Event("securitypolicyviolation"), { effectiveDirective: "connect-src", blockedURI: url }));
}

/** A server address nothing listens on. */
async function unreachableBaseUrl(): Promise<string> {
  return `http://127.0.0.1:${await closedPort()}`;
}

async function failureOf(run: () => Promise<unknown>): Promise<EngineError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error("it did not fail");
}

describe("self-hosted engines, which fetch on the page", () => {
  it("leave an unreachable server a network error", async () => {
    const baseUrl = await unreachableBaseUrl();
    const error = await failureOf(() => listOpenAiCompatibleModels({ baseUrl }, new AbortController().signal));
    expect(error.code).toBe("NETWORK");
  });

  it("say so when the page's security policy refused the server, for the model list and for a reply", async () => {
    const baseUrl = await unreachableBaseUrl();
    reportRefused(`${baseUrl}/v1/models`);
    const listing = await failureOf(() => listOpenAiCompatibleModels({ baseUrl }, new AbortController().signal));
    expect(listing).toMatchObject({ code: "BLOCKED_BY_POLICY", detail: `Blocked: ${baseUrl}` });

    const engine = await getOpenAiCompatibleEngine({ baseUrl });
    const reply = await failureOf(async () => {
      for await (const chunk of engine.streamChat({ model: "m", messages: [{ role: "user", content: "Hi" }], sampling: { temperature: 0.7, topP: 1 } }, new AbortController().signal)) void chunk;
    });
    expect(reply.code).toBe("BLOCKED_BY_POLICY");
  });
});
