/// <reference lib="webworker" />
/**
 * The Mistral API worker: the SDK runs here, so its request check (zod, over the whole history on
 * every send), its per-event checks and its stream parsing never take the page's main thread.
 */
import type * as MistralApiEngineModule from "./mistralApiEngine";
import type { MistralApiWorkerRequest } from "./mistralApiProtocol";
import { createMistralApiWorkerHandler } from "./mistralApiWorkerHandler";
import { lazyModule } from "../lazyModule";
import { explainPolicyBlock, watchPolicyViolations } from "../../security/policyViolations";

declare const self: DedicatedWorkerGlobalScope;

// zod's jitless mode must be set before the SDK's schemas are built (see zodJitless.ts); a static
// import order inside one chunk is not kept by the bundler, two dynamic imports in sequence are.
const loadEngineModule = lazyModule<typeof MistralApiEngineModule>(() => import("./zodJitless").then(() => import("./mistralApiEngine")), "the Mistral API");

// The SDK's fetches are this worker's: the page never hears of a connection its policy refused.
watchPolicyViolations(self);

const handle = createMistralApiWorkerHandler(
  {
    createEngine: async (config) => (await loadEngineModule()).createMistralApiEngine(config),
    listModels: async (config, signal) => (await loadEngineModule()).listMistralChatModels(config, signal),
    warmUp: async () => {
      (await loadEngineModule()).warmUpSchemas();
    },
    explain: (error, config) => explainPolicyBlock(error, config.baseUrl),
  },
  (event) => self.postMessage(event),
);

self.onmessage = (event: MessageEvent<MistralApiWorkerRequest>) => handle(event.data);
