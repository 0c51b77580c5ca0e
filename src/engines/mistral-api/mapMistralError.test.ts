// @vitest-environment node
import { ConnectionError, RequestAbortedError, RequestTimeoutError, SDKError } from "@mistralai/mistralai/models/errors";
import { describe, expect, it } from "vitest";
import { EngineError } from "../engineError";
import { parseRetryAfter } from "../parseRetryAfter";
import { mapMistralError } from "./mapMistralError";

const now = Date.UTC(2026, 10, 24, 12, 0, 0);

function sdkError(status: number, body: string, headers: Record<string, string> = {}): SDKError {
  const response = new Response(body, { status, headers });
  const request = new Request("https://api.mistral.ai/v1/chat/completions", { method: "POST" });
  return new SDKError(`API error occurred: Status ${status}`, { response, request, body });
}

describe("mapMistralError", () => {
  it("maps 401 to UNAUTHORIZED with a fix that points at the key", () => {
    const error = mapMistralError(sdkError(401, '{"message":"Unauthorized"}'), { streamStarted: false, now });
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.fix).toMatch(/key/i);
    expect(error.detail).toBe("HTTP 401 — Unauthorized");
  });

  it("maps 429 to RATE_LIMITED and honours Retry-After in seconds", () => {
    const error = mapMistralError(sdkError(429, '{"message":"Requests rate limit exceeded"}', { "Retry-After": "7" }), {
      streamStarted: false,
      now,
    });
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.retryAt).toBe(now + 7000);
  });

  it("maps 429 without Retry-After to RATE_LIMITED with no countdown", () => {
    const error = mapMistralError(sdkError(429, "{}"), { streamStarted: false, now });
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.retryAt).toBeUndefined();
  });

  it("explains a 422 with the server's validation details", () => {
    const body = JSON.stringify({
      detail: [{ loc: ["body", "stream_options"], msg: "Extra inputs are not permitted", type: "extra_forbidden" }],
    });
    const error = mapMistralError(sdkError(422, body), { streamStarted: false, now });
    expect(error.code).toBe("INVALID_REQUEST");
    expect(error.message).toContain("HTTP 422");
    expect(error.detail).toBe("stream_options: Extra inputs are not permitted");
  });

  it.each([500, 502, 503])("maps HTTP %i to NETWORK naming the status", (status) => {
    const error = mapMistralError(sdkError(status, "oops"), { streamStarted: false, now });
    expect(error.code).toBe("NETWORK");
    expect(error.message).toContain(`HTTP ${status}`);
  });

  it("maps a lost connection before the reply began to NETWORK, and after to STREAM_CUT", () => {
    expect(mapMistralError(new ConnectionError("fetch failed"), { streamStarted: false }).code).toBe("NETWORK");
    expect(mapMistralError(new TypeError("network error"), { streamStarted: false }).code).toBe("NETWORK");
    expect(mapMistralError(new TypeError("network error"), { streamStarted: true }).code).toBe("STREAM_CUT");
  });

  it("maps aborts and timeouts", () => {
    expect(mapMistralError(new RequestAbortedError("aborted"), { streamStarted: true }).code).toBe("ABORTED");
    expect(mapMistralError(new DOMException("aborted", "AbortError"), { streamStarted: false }).code).toBe("ABORTED");
    expect(mapMistralError(new RequestTimeoutError("timeout"), { streamStarted: false }).code).toBe("NETWORK");
  });

  it("keeps an EngineError as it is and turns anything else into UNKNOWN", () => {
    const original = new EngineError("MISSING_API_KEY");
    expect(mapMistralError(original, { streamStarted: false })).toBe(original);
    expect(mapMistralError("weird", { streamStarted: false }).code).toBe("UNKNOWN");
  });

  it("never lets a huge server body into the message", () => {
    const error = mapMistralError(sdkError(400, "x".repeat(10_000)), { streamStarted: false, now });
    expect(error.detail?.length).toBeLessThanOrEqual(300);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("3", now)).toBe(now + 3000);
    expect(parseRetryAfter(new Date(now + 60_000).toUTCString(), now)).toBe(now + 60_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
