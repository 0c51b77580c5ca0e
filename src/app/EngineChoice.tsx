import { selectedLocalModel } from "../state/localEngineSlice";
import { useAppStore } from "../state/store";

export function EngineChoice() {
  const engineKind = useAppStore((state) => state.engineKind);
  const localModel = useAppStore(selectedLocalModel);
  const selectEngine = useAppStore((state) => state.selectEngine);
  return (
    <fieldset>
      <legend>Where Mistral runs</legend>
      <label className="checkbox">
        <input type="radio" name="engine" checked={engineKind === "local"} onChange={() => selectEngine("local")} />
        On this device — {localModel.displayName} on your GPU (private, works offline once downloaded)
      </label>
      <label className="checkbox">
        <input type="radio" name="engine" checked={engineKind === "gguf"} onChange={() => selectEngine("gguf")} />
        On the CPU — a GGUF model file you open or download (private, no WebGPU needed, slower)
      </label>
      <label className="checkbox">
        <input type="radio" name="engine" checked={engineKind === "mistral-api"} onChange={() => selectEngine("mistral-api")} />
        Mistral API — messages are sent to Mistral with your key
      </label>
      <label className="checkbox">
        <input type="radio" name="engine" checked={engineKind === "self-hosted"} onChange={() => selectEngine("self-hosted")} />
        Your own server (Ollama, vLLM) — messages go to the server you set
      </label>
    </fieldset>
  );
}
