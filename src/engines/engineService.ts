import { EngineError } from "./engineError";
import type * as MistralApiEngineModule from "./mistral-api/mistralApiEngine";
import type { MistralApiConfig } from "./mistral-api/mistralApiEngine";
import type { ChatEngine } from "./types";

/**
 * The one place the store gets engines from. Engine code is loaded on first use with a dynamic
 * import, so the first screen never waits for it.
 */

type MistralApiModule = typeof MistralApiEngineModule;

let mistralApiModule: Promise<MistralApiModule> | undefined;

function loadMistralApiModule(): Promise<MistralApiModule> {
  mistralApiModule ??= import("./mistral-api/mistralApiEngine").catch((error: unknown) => {
    // Let a later call try again (e.g. once the network is back).
    mistralApiModule = undefined;
    throw new EngineError("NETWORK", {
      message: "Could not load the code that talks to the Mistral API.",
      fix: "Check your connection and retry; reload the page if it keeps failing.",
      detail: error instanceof Error ? error.message : undefined,
    });
  });
  return mistralApiModule;
}

export async function getMistralApiEngine(config: MistralApiConfig): Promise<ChatEngine> {
  const module = await loadMistralApiModule();
  return module.createMistralApiEngine(config);
}

export async function listMistralApiModels(config: MistralApiConfig, signal: AbortSignal): Promise<string[]> {
  const module = await loadMistralApiModule();
  return module.listMistralChatModels(config, signal);
}
