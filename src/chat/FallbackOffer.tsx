import { findLocalModel, localModels } from "../engines/catalog";
import { useAppStore } from "../state/store";

/**
 * After the local engine failed (GPU lost, worker crashed), one click continues the same
 * conversation elsewhere: in the cloud, or on the smaller local model.
 */
export function FallbackOffer({ failedModelId }: { failedModelId: string }) {
  const hasKey = useAppStore((state) => state.apiKey !== "");
  const isGenerating = useAppStore((state) => state.isGenerating);
  const continueElsewhere = useAppStore((state) => state.continueElsewhere);
  const failed = findLocalModel(failedModelId);
  const smaller =
    failed?.family === "mistral-7b"
      ? localModels.find((model) => model.family === "ministral-3b" && model.quantization === failed.quantization)
      : undefined;
  return (
    <div className="fallback-offer">
      <p>Continue this conversation elsewhere — it keeps everything said so far:</p>
      <div className="error-actions">
        <button type="button" className="button button-primary" disabled={isGenerating} onClick={() => void continueElsewhere({ kind: "mistral-api" })}>
          {hasKey ? "Continue with the Mistral API" : "Add an API key to continue in the cloud"}
        </button>
        {smaller && (
          <button type="button" className="button" disabled={isGenerating} onClick={() => void continueElsewhere({ kind: "local", modelId: smaller.id })}>
            Continue with {smaller.displayName} on this GPU
          </button>
        )}
      </div>
    </div>
  );
}
