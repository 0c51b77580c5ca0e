/**
 * When a rate-limited request may be retried, from a Retry-After header: delay-seconds or an HTTP
 * date (RFC 9110 §10.2.3). Epoch milliseconds, or undefined when the header says nothing usable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return now + Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(now, date);
}
