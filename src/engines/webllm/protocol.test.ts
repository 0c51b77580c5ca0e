import { describe, expect, it } from "vitest";
import { EngineError } from "../engineError";
import type { WorkerEvent } from "./protocol";
import { isWorkerEvent } from "./protocol";

describe("isWorkerEvent", () => {
  const events: WorkerEvent[] = [
    { kind: "progress", id: 1, report: { progress: 0.5, timeElapsed: 2, text: "Loading" } },
    { kind: "delta", id: 2, text: "Bon" },
    { kind: "result", id: 3, method: "load", result: { modelId: "Mistral-7B", contextWindowTokens: 4096 } },
    { kind: "result", id: 4, method: "generate", result: { finishReason: "stop" } },
    { kind: "result", id: 5, method: "unload", result: null },
    { kind: "error", id: 6, error: new EngineError("DEVICE_LOST").toData() },
  ];

  it.each(events.map((event) => [`${event.kind} #${event.id}`, event] as const))("accepts %s", (_name, event) => {
    expect(isWorkerEvent(event)).toBe(true);
    // Events arrive structured-cloned, never as the sender's own objects.
    expect(isWorkerEvent(structuredClone(event))).toBe(true);
  });

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["a string", "Error: boom"],
    ["a number", 42],
    ["an empty object", {}],
    ["an unknown kind", { kind: "hello", id: 1 }],
    ["a missing id", { kind: "delta", text: "x" }],
    ["a string id", { kind: "result", id: "1", result: null }],
    ["a kind that is not a string", { kind: ["delta"], id: 1 }],
    ["web-llm's own reply shape", { kind: "return", uuid: "abc", content: null }],
  ])("rejects %s", (_name, value) => {
    expect(isWorkerEvent(value)).toBe(false);
  });
});
