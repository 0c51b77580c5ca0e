import type { SamplingSettings } from "../engines/types";

export interface BenchmarkPrompt {
  /** Stable id, written into results and exports: keep it when the wording is tuned. */
  id: string;
  label: string;
  text: string;
}

/**
 * Temperature 0 and one short cap for every prompt and engine, so runs differ by engine, not by
 * luck or length: the same prompt asks for about as many tokens everywhere.
 */
export const benchmarkSampling: SamplingSettings = { temperature: 0, topP: 1, maxTokens: 128 };

/**
 * Three shapes of work, fixed so that runs compare across days and devices: a short answer (time
 * to first token dominates), a long one (decode speed dominates, it hits the 128-token cap), and
 * code (a different token mix). Each is sent alone, as one user message with no system prompt.
 */
export const benchmarkPrompts: readonly BenchmarkPrompt[] = [
  {
    id: "fact",
    label: "Short factual question",
    text: "What is the capital of France? Answer in one sentence.",
  },
  {
    id: "explain",
    label: "Explanation (~150 words)",
    text: "Explain in about 150 words how a rainbow forms, for a curious twelve-year-old.",
  },
  {
    id: "code",
    label: "Small code task",
    text: "Write a Python function `is_palindrome(text)` that ignores case, spaces and punctuation. Only the code, with a one-line docstring.",
  },
];
