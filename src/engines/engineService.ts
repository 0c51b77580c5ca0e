import { EngineError } from "./engineError";
import { createMistralApiWorker } from "./mistral-api/createMistralApiWorker";
import type { MistralApiConfig, MistralApiWorkerMethods } from "./mistral-api/mistralApiProtocol";
import type * as OpenAiCompatibleEngineModule from "./openai-compatible/openAiCompatibleEngine";
import { lazyModule } from "./lazyModule";
import { explainPolicyBlock } from "../security/policyViolations";
import type { ChatEngine } from "./types";
import { createWorkerChatEngine } from "./worker/workerChatEngine";
import { WorkerClient } from "./worker/workerClient";

/**
 * The one place the store gets cloud and server engines from. Their code is loaded on first use,
 * so the first screen never waits for it: the Mistral SDK in a worker of its own, the small
 * OpenAI-compatible client with a dynamic import. (The local engines have their own services.)
 */

const loadOpenAiCompatibleModule = lazyModule<typeof OpenAiCompatibleEngineModule>(
  () => import("./openai-compatible/openAiCompatibleEngine"),
  "your server",
);

/** The Mistral API worker: one for the whole app, started on first use, restarted after a crash. */
let mistralApiClient: WorkerClient<MistralApiWorkerMethods, never> | undefined;
function getMistralApiClient(): WorkerClient<MistralApiWorkerMethods, never> {
  mistralApiClient ??= new WorkerClient<MistralApiWorkerMethods, never>(
    createMistralApiWorker,
    { generate: "stop", listModels: "stop" },
    (detail) =>
      new EngineError("UNKNOWN", {
        message: "The part of the app that talks to the Mistral API stopped unexpectedly.",
        fix: "Retry; it starts afresh. If it happens again, reload the page.",
        detail,
      }),
  );
  return mistralApiClient;
}

/** Nothing from the API for this long: the connection is dead even if no error came. */
const apiSilenceMs = 120_000;
const apiSilent = () =>
  new EngineError("NETWORK", {
    message: "The Mistral API stopped answering: nothing came for two minutes.",
    fix: "Check your connection and retry. What was received is kept.",
  });

/**
 * Starts the worker and has it load the SDK and build its schemas, ahead of the first message:
 * all of it happens off the page's main thread.
 */
export function preloadMistralApi(): void {
  getMistralApiClient()
    .call("warmUp", {}, { inactivityTimeoutMs: apiSilenceMs, timeoutError: apiSilent })
    .catch(() => undefined);
}

export async function getMistralApiEngine(config: MistralApiConfig): Promise<ChatEngine> {
  const client = getMistralApiClient();
  return {
    streamChat: (request, signal) =>
      createWorkerChatEngine(
        { call: (method, args, options) => client.call(method, { ...args, model: request.model, config }, options) },
        apiSilent,
      ).streamChat(request, signal),
  };
}

export function listMistralApiModels(config: MistralApiConfig, signal: AbortSignal): Promise<string[]> {
  return getMistralApiClient().call("listModels", { config }, { signal, inactivityTimeoutMs: apiSilenceMs, timeoutError: apiSilent });
}

export interface SelfHostedConfig {
  baseUrl: string;
  apiKey?: string;
}

/**
 * A failure of a fetch made here, on the page, said to be the security policy's refusal when the
 * page's policy reports refused the server's origin. (The Mistral API worker does the same with
 * its own reports: each side sees only its own fetches.)
 */
async function explainedFailure(error: unknown, baseUrl: string): Promise<EngineError> {
  return explainPolicyBlock(error instanceof EngineError ? error : new EngineError("UNKNOWN"), baseUrl);
}

export async function getOpenAiCompatibleEngine(config: SelfHostedConfig): Promise<ChatEngine> {
  const engine = (await loadOpenAiCompatibleModule()).createOpenAiCompatibleEngine(config);
  return {
    async *streamChat(request, signal) {
      try {
        yield* engine.streamChat(request, signal);
      } catch (error) {
        throw await explainedFailure(error, config.baseUrl);
      }
    },
  };
}

export async function listOpenAiCompatibleModels(config: SelfHostedConfig, signal: AbortSignal): Promise<string[]> {
  try {
    return await (await loadOpenAiCompatibleModule()).listOpenAiCompatibleModels(config, signal);
  } catch (error) {
    throw await explainedFailure(error, config.baseUrl);
  }
}
