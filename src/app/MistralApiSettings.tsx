import { useEffect, useId, useState } from "react";
import { defaultApiBaseUrl, knownMistralModels } from "../state/settingsSlice";
import { useAppStore, useHasHydrated } from "../state/store";
import { ModelListStatus } from "./ModelListStatus";

export function baseUrlProblem(url: string): string | undefined {
  if (url.trim() === "") return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "Use an http:// or https:// address.";
    return undefined;
  } catch {
    return "This is not a valid address (example: https://api.mistral.ai).";
  }
}

/** Asks the API for the models this key can use, shortly after the key or address stops changing. */
function useModelListRefresh(isOpen: boolean) {
  const apiKey = useAppStore((state) => state.apiKey);
  const apiBaseUrl = useAppStore((state) => state.apiBaseUrl);
  const refreshModels = useAppStore((state) => state.refreshModels);
  useEffect(() => {
    if (!isOpen || !apiKey || baseUrlProblem(apiBaseUrl)) return;
    const timer = window.setTimeout(() => void refreshModels(), 400);
    return () => window.clearTimeout(timer);
  }, [isOpen, apiKey, apiBaseUrl, refreshModels]);
}

/** The La Plateforme part of Settings: key, base URL and model. */
export function MistralApiSettings({ isOpen }: { isOpen: boolean }) {
  const hydrated = useHasHydrated();
  const ids = { key: useId(), keyHelp: useId(), url: useId(), urlHelp: useId(), model: useId() };
  const apiKey = useAppStore((state) => state.apiKey);
  const rememberKey = useAppStore((state) => state.rememberKey);
  const apiBaseUrl = useAppStore((state) => state.apiBaseUrl);
  const model = useAppStore((state) => state.model);
  const modelList = useAppStore((state) => state.modelList);
  const { setApiKey, setRememberKey, forgetKey, setApiBaseUrl, setModel } = useAppStore.getState();
  const [showKey, setShowKey] = useState(false);

  useModelListRefresh(isOpen);

  const models = modelList.status === "ready" && modelList.models.length > 0 ? modelList.models : knownMistralModels;
  const modelOptions = models.includes(model) ? models : [model, ...models];
  const urlProblem = baseUrlProblem(apiBaseUrl);

  return (
    <fieldset disabled={!hydrated}>
      <legend>Mistral API (La Plateforme)</legend>
      <label htmlFor={ids.key}>Mistral API key</label>
      <div className="field-row">
        <input
          id={ids.key}
          data-autofocus
          type={showKey ? "text" : "password"}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={ids.keyHelp}
          value={apiKey}
          onChange={(event) => setApiKey(event.target.value)}
        />
        <button type="button" className="button button-quiet" aria-pressed={showKey} onClick={() => setShowKey(!showKey)}>
          {showKey ? "Hide key" : "Show key"}
        </button>
      </div>
      <p id={ids.keyHelp} className="help">
        Create one at console.mistral.ai → API Keys. It is sent only to the API base URL below.
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={rememberKey} onChange={(event) => setRememberKey(event.target.checked)} />
        Remember on this device
      </label>
      <p className="help">
        {rememberKey
          ? "The key is stored in this browser's storage on this device."
          : "The key stays in memory only and is gone when you close the tab."}
      </p>
      <button type="button" className="button button-quiet" disabled={!apiKey && !rememberKey} onClick={forgetKey}>
        Forget key
      </button>

      <label htmlFor={ids.url}>API base URL</label>
      <input
        id={ids.url}
        type="url"
        inputMode="url"
        spellCheck={false}
        placeholder={defaultApiBaseUrl}
        aria-describedby={ids.urlHelp}
        aria-invalid={urlProblem !== undefined}
        value={apiBaseUrl}
        onChange={(event) => setApiBaseUrl(event.target.value)}
      />
      <p id={ids.urlHelp} className={urlProblem ? "help field-error" : "help"}>
        {urlProblem ?? `For proxies and gateways. Default: ${defaultApiBaseUrl}`}
      </p>

      <label htmlFor={ids.model}>Model</label>
      <select id={ids.model} value={model} onChange={(event) => setModel(event.target.value)}>
        {modelOptions.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
      <ModelListStatus
        modelList={modelList}
        refresh={() => void useAppStore.getState().refreshModels()}
        missing={apiKey === "" ? "Add a key to load the models it can use." : undefined}
        okText="Key works"
        noun="chat models"
      />
    </fieldset>
  );
}
