import type { CallOptions as GenericCallOptions } from "../worker/workerClient";
import { WorkerClient } from "../worker/workerClient";
import type { InitProgressReport, WorkerMethods } from "./protocol";

export type CallOptions = GenericCallOptions<InitProgressReport>;

/** The page's side of the web-llm worker: a reply is stopped with interrupt, a load with unload. */
export class WebllmClient extends WorkerClient<WorkerMethods, InitProgressReport> {
  constructor(createWorker: () => Worker) {
    super(createWorker, { generate: "interrupt", load: "unload" });
  }
}
