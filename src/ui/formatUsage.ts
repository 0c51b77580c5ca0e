import type { Usage } from "../engines/types";

/** One short line under a reply: "42 tokens · first token 310 ms · 38.5 tokens/s". */
export function formatUsage(usage: Usage): string {
  const parts = [`${usage.completionTokens} ${usage.completionTokens === 1 ? "token" : "tokens"}`];
  if (usage.timeToFirstTokenMs !== undefined) parts.push(`first token ${usage.timeToFirstTokenMs} ms`);
  if (usage.prefillTokensPerSecond !== undefined) parts.push(`prompt ${usage.prefillTokensPerSecond.toFixed(1)} tokens/s`);
  if (usage.decodeTokensPerSecond !== undefined) parts.push(`${usage.decodeTokensPerSecond.toFixed(1)} tokens/s`);
  return parts.join(" · ");
}
