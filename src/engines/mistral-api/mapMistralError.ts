import { EngineError } from "../engineError";
import { parseRetryAfter } from "../parseRetryAfter";

/**
 * Turns whatever the Mistral SDK (or fetch underneath it) threw into an EngineError with a fix.
 * Duck-typed on purpose: the SDK's error classes (MistralError has statusCode, headers, body;
 * HTTPClientError subclasses are told apart by name) are matched by shape, so this stays a
 * pure function that unit tests can feed directly.
 */

interface HttpErrorShape {
  statusCode: number;
  headers?: Headers;
  body?: string;
}

function isHttpError(error: unknown): error is HttpErrorShape {
  return typeof error === "object" && error !== null && typeof (error as HttpErrorShape).statusCode === "number";
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "";
}

/** The server's words, shortened: shown as small print, so it must stay short and plain. */
function serverMessage(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      if (Array.isArray(record.detail)) {
        return record.detail
          .map((item: unknown) => {
            if (typeof item !== "object" || item === null) return String(item);
            const { loc, msg } = item as { loc?: unknown; msg?: unknown };
            const where = Array.isArray(loc) ? loc.filter((part) => part !== "body").join(".") : "";
            return where ? `${where}: ${String(msg)}` : String(msg);
          })
          .join("; ")
          .slice(0, 300);
      }
      if (typeof record.message === "string") return record.message.slice(0, 300);
      if (typeof record.detail === "string") return record.detail.slice(0, 300);
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return body.slice(0, 300);
}

export function mapMistralError(error: unknown, options: { streamStarted: boolean; now?: number }): EngineError {
  if (error instanceof EngineError) return error;
  const now = options.now ?? Date.now();
  const name = errorName(error);

  if (name === "AbortError" || name === "RequestAbortedError") return new EngineError("ABORTED");

  if (isHttpError(error)) {
    const status = error.statusCode;
    const detail = serverMessage(error.body);
    if (status === 401 || status === 403) {
      return new EngineError("UNAUTHORIZED", { detail: `HTTP ${status}${detail ? ` — ${detail}` : ""}` });
    }
    if (status === 429) {
      const retryAt = parseRetryAfter(error.headers?.get("retry-after"), now);
      return new EngineError("RATE_LIMITED", {
        retryAt,
        fix:
          retryAt === undefined
            ? "Wait a moment and retry. The free tier allows about one request per second."
            : "Retry when the countdown ends.",
        detail,
      });
    }
    if (status === 422 || status === 400) {
      return new EngineError("INVALID_REQUEST", {
        message: `The server did not accept the request (HTTP ${status}).`,
        detail,
      });
    }
    if (status === 404) {
      return new EngineError("INVALID_REQUEST", {
        message: "The server does not know this model or address (HTTP 404).",
        fix: "Check the model and the API base URL in Settings.",
        detail,
      });
    }
    if (status >= 500) {
      return new EngineError("NETWORK", {
        message: `The server had a problem (HTTP ${status}).`,
        fix: "Retry in a moment. If it persists, check Mistral's status page.",
        detail,
      });
    }
    return new EngineError("UNKNOWN", { message: `Unexpected answer from the server (HTTP ${status}).`, detail });
  }

  if (name === "RequestTimeoutError") {
    return new EngineError("NETWORK", { message: "The server took too long to answer." });
  }

  // Everything else that reaches here is the transport failing: fetch's TypeError, the SDK's
  // ConnectionError, or the body stream erroring. Once the reply has begun, that is a cut stream.
  if (options.streamStarted) return new EngineError("STREAM_CUT");
  if (name === "ConnectionError" || error instanceof TypeError) return new EngineError("NETWORK");
  return new EngineError("UNKNOWN", { detail: error instanceof Error ? error.message.slice(0, 300) : undefined });
}
