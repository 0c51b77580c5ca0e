import { useEffect, useId } from "react";
import { useShallow } from "zustand/react/shallow";
import { localModels } from "../engines/catalog";
import type { EngineOption } from "../engines/plan";
import { planEngines } from "../engines/plan";
import { selectCapability } from "../state/deviceSlice";
import type { AppState } from "../state/store";
import { useAppStore } from "../state/store";
import { formatBytes } from "../ui/formatBytes";
import { pageGgufThreads } from "./GgufStoredModels";

const verdictText: Record<EngineOption["verdict"], string> = {
  recommended: "Recommended",
  possible: "Possible",
  "not-possible": "Not possible here",
};

const privacyText: Record<EngineOption["costs"]["privacy"], string> = {
  "on-device": "Runs on this device: nothing you type leaves it",
  "sent-to-mistral": "Messages are sent to Mistral",
  "sent-to-your-server": "Messages go to your server",
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The plan for this device, recomputed from the store; undefined until the GPU was probed. */
export function usePlan(): EngineOption[] | undefined {
  // A fresh object each time: compared field by field, or every store change would re-render forever.
  const capability = useAppStore(useShallow(selectCapability));
  const hasApiKey = useAppStore((state) => state.apiKey !== "");
  const contextTokens = useAppStore((state) => state.contextTokens);
  const modelCache = useAppStore((state) => state.modelCache);
  const engineKind = useAppStore((state) => state.engineKind);
  const selfHostedUrl = useAppStore((state) => state.selfHostedUrl);
  const ggufModels = useAppStore((state) => state.ggufModels);
  const refreshGgufModels = useAppStore((state) => state.refreshGgufModels);
  useEffect(() => {
    void refreshGgufModels();
  }, [refreshGgufModels]);
  if (!capability) return undefined;
  const storedGguf = ggufModels?.toSorted((a, b) => b.bytes - a.bytes)[0];
  const downloaded = Object.fromEntries(localModels.map((model) => [model.id, modelCache[model.id]?.state === "ready"]));
  return planEngines(capability, {
    models: localModels,
    hasApiKey,
    contextTokens,
    downloaded,
    // A server is offered once the person has said they have one.
    selfHostedUrl: engineKind === "self-hosted" ? selfHostedUrl : undefined,
    gguf: { storedModel: storedGguf, threads: pageGgufThreads() },
  });
}

function chooseOption(option: EngineOption) {
  const state: AppState = useAppStore.getState();
  state.markEngineChosen();
  if (option.kind === "local" && option.modelId) {
    state.selectEngine("local");
    state.selectLocalModel(option.modelId);
    void state.loadSelectedModel();
    return;
  }
  state.selectEngine(option.kind);
  if (option.kind === "self-hosted" || (option.kind === "mistral-api" && !state.apiKey)) state.openSettings();
}

/** The option's button, a sentence: a title's leading "A" ("A GGUF model on your CPU") is lower case there. */
function actionLabel(option: EngineOption): string {
  if (option.kind === "mistral-api" && option.needs === "api-key") return "Use the Mistral API (add a key)";
  return `Use ${option.title.replace(/^A /, "a ")}`;
}

function OptionCard({ option }: { option: EngineOption }) {
  const titleId = useId();
  const costs = [
    option.costs.gpuBytes !== undefined ? `about ${formatBytes(option.costs.gpuBytes)} of GPU memory` : undefined,
    option.costs.downloadBytes !== undefined ? `a ${formatBytes(option.costs.downloadBytes)} download, once` : undefined,
    privacyText[option.costs.privacy],
  ].filter(Boolean);
  return (
    <li className={`plan-option plan-${option.verdict}`} aria-labelledby={titleId}>
      <p className="plan-verdict">{verdictText[option.verdict]}</p>
      <h3 id={titleId}>{option.title}</h3>
      <p>{capitalise(option.reason)}.</p>
      <p className="help">{costs.join(" · ")}</p>
      {option.verdict !== "not-possible" && (
        <button type="button" className={option.verdict === "recommended" ? "button button-primary" : "button"} onClick={() => chooseOption(option)}>
          {actionLabel(option)}
        </button>
      )}
    </li>
  );
}

/** Where Mistral can run on this device, best first, with the reasons and the costs. */
export function EnginePlan() {
  const plan = usePlan();
  const headingId = useId();
  if (!plan) {
    return (
      <p className="muted" role="status">
        Checking what this device can run…
      </p>
    );
  }
  return (
    <section aria-labelledby={headingId} className="plan">
      <h3 id={headingId}>Where Mistral can run on this device</h3>
      <ol className="plan-options">
        {plan.map((option) => (
          <OptionCard key={option.id} option={option} />
        ))}
      </ol>
    </section>
  );
}
