/// <reference lib="webworker" />
/**
 * The web-llm worker: the only module that imports web-llm at run time (DESIGN.md rule 4). One
 * engine per worker; the page creates one worker for the whole app (see createWebllmWorker.ts).
 * What it does with each request lives in workerHandler.ts, where unit tests can reach it.
 */
import { MLCEngine } from "@mlc-ai/web-llm";
import { createWebllmAppConfig } from "../catalog";
import type { WorkerRequest } from "./protocol";
import { createWorkerHandler } from "./workerHandler";

declare const self: DedicatedWorkerGlobalScope;

const engine = new MLCEngine({ appConfig: createWebllmAppConfig() });
const handle = createWorkerHandler(engine, (event) => self.postMessage(event));

self.onmessage = (event: MessageEvent<WorkerRequest>) => handle(event.data);
