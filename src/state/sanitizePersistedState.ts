import * as v from "valibot";
import type { BenchmarkRun } from "../benchmark/runBenchmark";
import { maxBenchmarkRuns } from "./benchmarkSlice";
import { engineKindSchema, parseConversationHeaders, parseConversationList, samplingSettingsSchema } from "./parseConversations";
import type { PersistedState } from "./store";

/**
 * State read back from IndexedDB may be corrupt, written by an older or newer app, or edited by
 * hand in devtools. zustand merges whatever it is given over the defaults, so a wrong-typed value
 * would reach the UI and crash it; this keeps each field that has the right shape, leaves the
 * others out (their defaults stay), and says in plain words what was lost.
 */

type SettingKey = Exclude<keyof PersistedState, "conversations" | "activeConversationId" | "benchmarkRuns">;
type SettingValues = Required<Pick<PersistedState, SettingKey>>;

/** One schema per setting; the mapped type makes a setting added to PersistedState a build error here. */
const settingSchemas: { [K in SettingKey]: v.GenericSchema<unknown, SettingValues[K]> } = {
  rememberKey: v.boolean(),
  apiKey: v.string(),
  apiBaseUrl: v.string(),
  model: v.string(),
  sampling: samplingSettingsSchema,
  engineKind: engineKindSchema,
  engineChosen: v.boolean(),
  localModelId: v.string(),
  contextTokens: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  selfHostedUrl: v.string(),
  selfHostedModel: v.string(),
  persistenceNoticeDismissed: v.boolean(),
  ggufModelId: v.string(),
};
const settingKeys = Object.keys(settingSchemas) as SettingKey[];

const nullableIdSchema = v.nullable(v.string());

const finiteSchema = v.pipe(v.number(), v.finite());
const countSchema = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const benchmarkPromptSchema = v.object({
  promptId: v.string(),
  timeToFirstTokenMs: v.optional(finiteSchema),
  totalMs: finiteSchema,
  completionTokens: countSchema,
  completionTokensEstimated: v.boolean(),
  promptTokens: v.optional(countSchema),
  decodeTokensPerSecond: v.optional(finiteSchema),
  decodeMeasuredBy: v.optional(v.picklist(["engine", "page"])),
  prefillTokensPerSecond: v.optional(finiteSchema),
  prefillEstimated: v.boolean(),
  finishReason: v.optional(v.picklist(["stop", "length"])),
});
const gpuCeilingSchema = v.variant("status", [
  v.object({ status: v.literal("known"), gpu: v.string(), bandwidthGBps: finiteSchema, weightBytes: finiteSchema, tokensPerSecond: finiteSchema }),
  v.object({ status: v.literal("unknown"), reason: v.string() }),
]);
/**
 * Typed as BenchmarkRun: a required field added there without a schema here is a build error (an
 * optional one is not, and would be dropped on read: add it here too).
 */
export const benchmarkRunSchema: v.GenericSchema<unknown, BenchmarkRun> = v.object({
  id: v.string(),
  startedAt: finiteSchema,
  finishedAt: finiteSchema,
  cancelled: v.boolean(),
  targets: v.array(
    v.object({
      kind: engineKindSchema,
      label: v.string(),
      model: v.string(),
      prompts: v.array(benchmarkPromptSchema),
      error: v.optional(v.string()),
      errorFix: v.optional(v.string()),
      failedPromptId: v.optional(v.string()),
      gpuCeiling: v.optional(gpuCeilingSchema),
    }),
  ),
});

export const unreadableStateProblem = "Your saved chats and settings could not be read.";
export const unreadableSettingsProblem = "Some settings could not be read and were reset to their defaults.";
export const unreadableChatListProblem = "Your saved chats could not be read and were left out.";

export const unreadableBenchmarkRunsProblem = "Some saved benchmark results could not be read and were left out.";

/** Each run on its own: one damaged run does not cost the others. */
function readBenchmarkRuns(raw: unknown): { runs: BenchmarkRun[]; damaged: boolean } {
  const list: unknown[] = Array.isArray(raw) ? raw : [];
  const runs = list.flatMap((run) => {
    const result = v.safeParse(benchmarkRunSchema, run);
    return result.success ? [result.output] : [];
  });
  return { runs: runs.slice(0, maxBenchmarkRuns), damaged: !Array.isArray(raw) || runs.length < list.length };
}

export function rejectedConversationsProblem(count: number): string {
  return count === 1 ? "1 conversation could not be read and was left out." : `${count} conversations could not be read and were left out.`;
}

/** Copies one setting when it has the right shape; false when it is present but damaged. */
function copySetting<K extends SettingKey>(source: Record<string, unknown>, key: K, target: Partial<PersistedState>): boolean {
  const raw = source[key];
  // Absent is not damage: older versions did not save every setting.
  if (raw === undefined) return true;
  const schema: v.GenericSchema<unknown, SettingValues[K]> = settingSchemas[key];
  const result = v.safeParse(schema, raw);
  if (result.success) target[key] = result.output;
  return result.success;
}

export function sanitizePersistedState(value: unknown): { state: Partial<PersistedState>; problems: string[] } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { state: {}, problems: [unreadableStateProblem] };
  const source = value as Record<string, unknown>;
  const state: Partial<PersistedState> = {};
  const problems: string[] = [];

  let settingsDamaged = false;
  for (const key of settingKeys) {
    if (!copySetting(source, key, state)) settingsDamaged = true;
  }

  if (source.conversations !== undefined && !Array.isArray(source.conversations)) {
    problems.push(unreadableChatListProblem);
  } else {
    const { conversations, rejected } = parseConversationList(source.conversations);
    if (source.conversations !== undefined) state.conversations = conversations;
    if (rejected > 0) problems.push(rejectedConversationsProblem(rejected));
    // Saved with the list's headers: the chats not read with it are headers until read.
    if (Array.isArray(source.conversationHeaders)) state.conversations = parseConversationHeaders(source.conversationHeaders, conversations);
  }

  const active = v.safeParse(nullableIdSchema, source.activeConversationId);
  if (active.success) {
    // An open chat that was left out, not read (or never existed) would show an empty page: open a new chat.
    const exists = active.output !== null && (state.conversations ?? []).some((conversation) => conversation.id === active.output && conversation.messagesLoaded !== false);
    state.activeConversationId = exists ? active.output : null;
  } else if (source.activeConversationId !== undefined) {
    state.activeConversationId = null;
  }

  if (source.benchmarkRuns !== undefined) {
    const { runs, damaged } = readBenchmarkRuns(source.benchmarkRuns);
    state.benchmarkRuns = runs;
    if (damaged) problems.push(unreadableBenchmarkRunsProblem);
  }

  if (settingsDamaged) problems.push(unreadableSettingsProblem);
  return { state, problems };
}
