import { EngineError } from "../engines/engineError";
import { getMistralApiEngine, getOpenAiCompatibleEngine } from "../engines/engineService";
import { getGgufChatEngine } from "../engines/ggufEngineService";
import { getLocalChatEngine } from "../engines/localEngineService";
import type { ChatEngine } from "../engines/types";
import type { EngineKind } from "./localEngineSlice";
import { defaultApiBaseUrl } from "./settingsSlice";
import type { AppState } from "./store";

/**
 * How each kind of engine is made ready to answer, with the model id it answers with. Chats use
 * the person's engine; the benchmark uses every engine set up. Both come here, so a fix to how an
 * engine is loaded reaches both.
 */
export interface PreparedEngine {
  engine: ChatEngine;
  model: string;
  /** Tokens the model's context holds, where the app loaded it (local engines). */
  contextTokens?: number;
}

/**
 * The engine of `kind`, loading a local model first when needed. Aborting `signal` cancels such
 * a load, which then ends in an `EngineError` "ABORTED".
 */
export async function prepareEngine(kind: EngineKind, get: () => AppState, signal: AbortSignal): Promise<PreparedEngine> {
  const cancelLoad = () => (kind === "gguf" ? get().cancelGgufLoad() : get().cancelLoad());
  signal.addEventListener("abort", cancelLoad, { once: true });
  try {
    if (kind === "mistral-api") return await prepareMistralApiEngine(get());
    if (kind === "self-hosted") return await prepareSelfHostedEngine(get());
    if (kind === "gguf") return await prepareGgufEngine(get);
    return await prepareLocalEngine(get);
  } finally {
    signal.removeEventListener("abort", cancelLoad);
  }
}

async function prepareMistralApiEngine(state: AppState): Promise<PreparedEngine> {
  return { engine: await getMistralApiEngine({ apiKey: state.apiKey, baseUrl: state.apiBaseUrl || defaultApiBaseUrl }), model: state.model };
}

async function prepareSelfHostedEngine(state: AppState): Promise<PreparedEngine> {
  if (!state.selfHostedModel) {
    throw new EngineError("INVALID_REQUEST", {
      message: "No model is chosen for your server.",
      fix: "Open Settings, check the server address, and pick one of the models it serves.",
    });
  }
  const engine = await getOpenAiCompatibleEngine({ baseUrl: state.selfHostedUrl, apiKey: state.selfHostedKey || undefined });
  return { engine, model: state.selfHostedModel };
}

/** The selected web-llm model, downloaded (if needed) and loaded when it is not on the GPU yet. */
async function prepareLocalEngine(get: () => AppState): Promise<PreparedEngine> {
  if (get().localEngine.status !== "ready") await get().loadSelectedModel();
  const local = get().localEngine;
  if (local.status === "ready") return { engine: getLocalChatEngine(), model: local.modelId, contextTokens: local.contextWindowTokens };
  if (local.status === "error") throw EngineError.fromData(local.error);
  throw new EngineError("ABORTED");
}

/** The GGUF model chats use, loaded from this browser's storage when it is not in memory. */
async function prepareGgufEngine(get: () => AppState): Promise<PreparedEngine> {
  const { ggufEngine, ggufModelId } = get();
  if (ggufEngine.status !== "ready") {
    if (!ggufModelId) {
      throw new EngineError("INVALID_REQUEST", {
        message: "No GGUF model is chosen yet.",
        fix: "Open a .gguf file or download one in the panel above, then send again.",
      });
    }
    await get().loadGgufModel({ kind: "stored", id: ggufModelId });
  }
  const current = get().ggufEngine;
  if (current.status === "ready") return { engine: getGgufChatEngine(), model: current.model.name, contextTokens: current.contextTokens };
  if (current.status === "error") throw EngineError.fromData(current.error);
  throw new EngineError("ABORTED");
}
