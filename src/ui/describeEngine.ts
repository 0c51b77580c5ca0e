import { findLocalModel } from "../engines/catalog";
import type { EngineKind } from "../state/localEngineSlice";

export const engineKindLabels: Record<EngineKind, string> = {
  local: "On this device",
  "mistral-api": "Mistral API",
  "self-hosted": "Your server",
  gguf: "This device (CPU)",
};

/** A model id as people know it: local builds by their name and quantization. */
export function modelLabel(modelId: string): string {
  const local = findLocalModel(modelId);
  return local ? `${local.displayName} (${local.quantization})` : modelId;
}
