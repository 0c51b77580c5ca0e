import type { Capability } from "./capability";
import { formatGgufSpeed } from "./gguf/ggufSizing";
import { suggestedGgufModel } from "./gguf/suggestedGgufModel";
import type { Candidate, PlanOptions } from "./plan";

/**
 * llama.cpp on the CPU: needs no WebGPU, so it is what a browser without a usable GPU can run
 * locally. Slower, and said so with an estimate from the model's size and the threads.
 */
export function planGguf(capability: Capability, gguf: NonNullable<PlanOptions["gguf"]>, tier: number): Candidate {
  const stored = gguf.storedModel;
  const model = stored ?? { name: suggestedGgufModel.name, bytes: suggestedGgufModel.bytes };
  const speed = `about ${formatGgufSpeed(model.bytes, gguf.threads)} on this device's CPU (${gguf.threads === 1 ? "one thread" : `${gguf.threads} threads`})`;
  const what = stored ? `runs ${stored.name}, already stored` : `${suggestedGgufModel.name} by ${suggestedGgufModel.publisher}, or a GGUF file you open`;
  const option: Candidate["option"] = {
    id: "gguf",
    kind: "gguf",
    title: "A GGUF model on your CPU",
    reason: [what, speed, "no WebGPU needed", ...(stored || capability.online ? [] : ["downloading needs the internet; opening a file you have works offline"])].join("; "),
    costs: { ...(stored ? {} : { downloadBytes: suggestedGgufModel.bytes }), privacy: "on-device" },
    ...(stored ? {} : { needs: "download" as const }),
  };
  // Always possible: a file the person already has needs no network and no GPU.
  return { option, possible: true, tier, demoted: false, recommendable: true };
}
