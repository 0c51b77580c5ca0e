import { EngineError } from "./engineError";
import type * as MistralApiEngineModule from "./mistral-api/mistralApiEngine";
import type { MistralApiConfig } from "./mistral-api/mistralApiEngine";
import type * as OpenAiCompatibleEngineModule from "./openai-compatible/openAiCompatibleEngine";
import type { ChatEngine } from "./types";
import { whenIdle } from "../ui/whenIdle";

/**
 * The one place the store gets cloud and server engines from. Their code is loaded on first use
 * with a dynamic import, so the first screen never waits for it. (The local engine has its own
 * service: localEngineService.ts.)
 */

/** Caches a dynamic import; a failed one (e.g. offline) is forgotten so a later call can retry. */
function lazyModule<T>(load: () => Promise<T>, what: string): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw new EngineError("NETWORK", {
        message: `Could not load the code that talks to ${what}.`,
        fix: "Check your connection and retry; reload the page if it keeps failing.",
        detail: error instanceof Error ? error.message : undefined,
      });
    });
    return loading;
  };
}

// zod's jitless mode must be set before the SDK's schemas are built (see zodJitless.ts); a static
// import order inside one chunk is not kept by the bundler, two dynamic imports in sequence are.
const loadMistralApiModule = lazyModule<typeof MistralApiEngineModule>(
  () => import("./mistral-api/zodJitless").then(() => import("./mistral-api/mistralApiEngine")),
  "the Mistral API",
);
const loadOpenAiCompatibleModule = lazyModule<typeof OpenAiCompatibleEngineModule>(
  () => import("./openai-compatible/openAiCompatibleEngine"),
  "your server",
);

/**
 * Fetches and compiles the SDK ahead of the first message, when the browser is idle (it is large),
 * then builds its schemas in a later idle moment, so neither lands in the task that sends.
 */
export function preloadMistralApi(): void {
  void loadMistralApiModule().then(
    (module) => whenIdle(() => module.warmUpSchemas(), 0),
    () => undefined,
  );
}

export async function getMistralApiEngine(config: MistralApiConfig): Promise<ChatEngine> {
  return (await loadMistralApiModule()).createMistralApiEngine(config);
}

export async function listMistralApiModels(config: MistralApiConfig, signal: AbortSignal): Promise<string[]> {
  return (await loadMistralApiModule()).listMistralChatModels(config, signal);
}

export interface SelfHostedConfig {
  baseUrl: string;
  apiKey?: string;
}

export async function getOpenAiCompatibleEngine(config: SelfHostedConfig): Promise<ChatEngine> {
  return (await loadOpenAiCompatibleModule()).createOpenAiCompatibleEngine(config);
}

export async function listOpenAiCompatibleModels(config: SelfHostedConfig, signal: AbortSignal): Promise<string[]> {
  return (await loadOpenAiCompatibleModule()).listOpenAiCompatibleModels(config, signal);
}
