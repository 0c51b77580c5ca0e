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

/**
 * Starts listening for the browser's policy reports. A fetch the policy refuses fails exactly
 * like an unreachable host; only this event tells the two apart.
 */
export function watchPolicyViolations(): void {
  document.addEventListener("securitypolicyviolation", (event) => {
    if (event.effectiveDirective !== "connect-src") return;
    const origin = originOf(event.blockedURI);
    if (origin) blockedOrigins.add(origin);
  });
}

/** A network failure to a host the policy blocked becomes an error that says so and how to allow it. */
export async function explainPolicyBlock(error: EngineError, url: string): Promise<EngineError> {
  if (error.code !== "NETWORK") return error;
  // The violation event is queued as a task of its own: it may come just after the failed fetch.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const origin = originOf(url);
  if (!origin || !blockedOrigins.has(origin)) return error;
  return new EngineError("BLOCKED_BY_POLICY", { detail: `Blocked: ${origin}` });
}
