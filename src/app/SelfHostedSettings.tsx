import { useEffect, useId } from "react";
import { useAppStore } from "../state/store";
import { baseUrlProblem } from "./MistralApiSettings";
import { ModelListStatus } from "./ModelListStatus";

/** Ollama, vLLM, llama.cpp's server, LM Studio: anything with an OpenAI-compatible /v1. */
export function SelfHostedSettings({ isOpen }: { isOpen: boolean }) {
  const ids = { url: useId(), urlHelp: useId(), key: useId(), model: useId() };
  const url = useAppStore((state) => state.selfHostedUrl);
  const key = useAppStore((state) => state.selfHostedKey);
  const model = useAppStore((state) => state.selfHostedModel);
  const modelList = useAppStore((state) => state.selfHostedModelList);
  const { setSelfHostedUrl, setSelfHostedKey, setSelfHostedModel, refreshSelfHostedModels } = useAppStore.getState();
  const urlProblem = baseUrlProblem(url);
  // Only a chosen server is contacted: nothing goes to localhost ports just because Settings opened.
  const chosen = useAppStore((state) => state.engineKind === "self-hosted");

  useEffect(() => {
    if (!isOpen || !chosen || urlProblem || url.trim() === "") return;
    const timer = window.setTimeout(() => void refreshSelfHostedModels(), 400);
    return () => window.clearTimeout(timer);
  }, [isOpen, chosen, url, key, urlProblem, refreshSelfHostedModels]);

  const models = modelList.status === "ready" ? modelList.models : [];
  const options = model && !models.includes(model) ? [model, ...models] : models;
  return (
    <fieldset>
      <legend>Your own server (Ollama, vLLM)</legend>
      <label htmlFor={ids.url}>Server URL</label>
      <input
        id={ids.url}
        type="url"
        spellCheck={false}
        aria-describedby={ids.urlHelp}
        aria-invalid={urlProblem !== undefined}
        value={url}
        onChange={(event) => setSelfHostedUrl(event.target.value)}
      />
      <p id={ids.urlHelp} className={urlProblem ? "help field-error" : "help"}>
        {urlProblem ??
          "Ollama: http://localhost:11434/v1 (start it with OLLAMA_ORIGINS set to this page's origin). vLLM: http://localhost:8000/v1 (start it with --allowed-origins)."}
      </p>
      <label htmlFor={ids.key}>Server key (optional)</label>
      <input id={ids.key} type="password" autoComplete="off" spellCheck={false} value={key} onChange={(event) => setSelfHostedKey(event.target.value)} />
      <label htmlFor={ids.model}>Server model</label>
      <select id={ids.model} value={model} onChange={(event) => setSelfHostedModel(event.target.value)} disabled={options.length === 0}>
        {options.length === 0 && <option value="">No models yet</option>}
        {options.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
      <ModelListStatus modelList={modelList} refresh={() => void refreshSelfHostedModels()} okText="Server answers" noun="models" />
    </fieldset>
  );
}
