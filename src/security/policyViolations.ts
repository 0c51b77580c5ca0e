import { EngineError } from "../engines/engineError";

/** Origins the page's Content-Security-Policy refused to connect to, as the browser reported them. */
const blockedOrigins = new Set<string>();

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Where the browser reports violations: the page's document, or a worker's global scope. */
interface ViolationSource {
  addEventListener(type: "securitypolicyviolation", listener: (event: SecurityPolicyViolationEvent) => void): void;
}

/**
 * Starts listening for the browser's policy reports, in the page or in a worker (each sees only
 * its own fetches). A fetch the policy refuses fails exactly like an unreachable host; only this
 * event tells the two apart.
 */
export function watchPolicyViolations(source: ViolationSource): void {
  source.addEventListener("securitypolicyviolation", (event) => {
    if (event.effectiveDirective !== "connect-src") return;
    const origin = originOf(event.blockedURI);
    if (origin) blockedOrigins.add(origin);
  });
}

/** How long a failed fetch's policy report may trail it. */
const violationReportDelayMs = 100;

/** A network failure to a host the policy blocked becomes an error that says so and how to allow it. */
export async function explainPolicyBlock(error: EngineError, url: string): Promise<EngineError> {
  if (error.code !== "NETWORK") return error;
  // The violation event is queued as a task of its own: it may come just after the failed fetch
  // (in a worker, a few tasks after). A network error is shown that much later; it is rare.
  await new Promise((resolve) => setTimeout(resolve, violationReportDelayMs));
  const origin = originOf(url);
  if (!origin || !blockedOrigins.has(origin)) return error;
  return new EngineError("BLOCKED_BY_POLICY", { detail: `Blocked: ${origin}` });
}
