import { EngineError } from "../engineError";
import type { ChatEngine } from "../types";
import { createWorkerChatEngine } from "../worker/workerChatEngine";
import type { WebllmClient } from "./webllmClient";

/** The ChatEngine over the web-llm worker; a silent worker there means a hung GPU. */
export function createWebllmChatEngine(client: WebllmClient): ChatEngine {
  return createWorkerChatEngine(
    client,
    () => new EngineError("DEVICE_LOST", { message: "The GPU stopped responding while writing the reply. The part received is kept." }),
  );
}
