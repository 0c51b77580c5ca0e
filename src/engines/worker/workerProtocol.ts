/**
 * The shape shared by every engine worker's protocol (DESIGN.md rule 1): each request names a
 * method and carries that method's arguments; the worker answers with events tied to the
 * request's id. Errors cross as EngineErrorData, never as strings. Each engine states its own
 * method table and progress report (webllm/protocol.ts, gguf/ggufProtocol.ts).
 */
import type { EngineErrorData } from "../engineError";

export interface MethodSignature {
  args: object;
  result: unknown;
}

/** What a method that stops another call is sent (see WorkerClient's AbortMethods). */
export interface StopArgs {
  callId: number;
}

/** A table of methods: method name → its arguments and result. */
export type MethodTable<T> = { [M in keyof T]: MethodSignature };

export type MethodName<T> = keyof T & string;

export type WorkerRequestOf<T extends MethodTable<T>> = {
  [M in MethodName<T>]: { id: number; method: M; args: T[M]["args"] };
}[MethodName<T>];

export type WorkerResultOf<T extends MethodTable<T>> = {
  [M in MethodName<T>]: { kind: "result"; id: number; method: M; result: T[M]["result"] };
}[MethodName<T>];

export type WorkerEventOf<T extends MethodTable<T>, Progress> =
  | { kind: "progress"; id: number; report: Progress }
  | { kind: "delta"; id: number; text: string }
  | WorkerResultOf<T>
  | { kind: "error"; id: number; error: EngineErrorData };

/** Only the envelope is checked: the worker is ours, the content is typed by the protocol. */
export function isWorkerEvent<T extends MethodTable<T>, Progress>(value: unknown): value is WorkerEventOf<T, Progress> {
  if (typeof value !== "object" || value === null) return false;
  const { kind, id } = value as { kind?: unknown; id?: unknown };
  return typeof id === "number" && (kind === "progress" || kind === "delta" || kind === "result" || kind === "error");
}
