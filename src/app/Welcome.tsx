import { useAppStore, useHasHydrated } from "../state/store";
import { EnginePlan } from "./EnginePlan";
import { GpuFactsCard } from "./GpuFactsCard";

function Intro() {
  const engineKind = useAppStore((state) => state.engineKind);
  const localReady = useAppStore((state) => state.localEngine.status === "ready");
  const hasKey = useAppStore((state) => state.apiKey !== "");
  const openSettings = useAppStore((state) => state.openSettings);
  const serverUrl = useAppStore((state) => state.selfHostedUrl);
  if (engineKind === "self-hosted") return <p>Your messages go to your own server at {serverUrl}.</p>;
  if (engineKind === "gguf") {
    return <p>A GGUF model runs here on your CPU, with llama.cpp in the browser. Nothing you type leaves this device.</p>;
  }
  if (engineKind === "local") {
    return localReady ? (
      <p>Mistral is running on your GPU. Ask anything: nothing you type leaves this device.</p>
    ) : (
      <p>Mistral runs on your GPU here. Load the model below to start; it is downloaded once and then works offline.</p>
    );
  }
  if (hasKey) return <p>Your messages go to the Mistral API with your key. Ask anything.</p>;
  return (
    <>
      <p>
        To start, add your Mistral API key from La Plateforme — or run Mistral on your own GPU: Settings → “On this
        device”.
      </p>
      <button type="button" className="button button-primary" onClick={openSettings}>
        Add your API key
      </button>
    </>
  );
}

export function Welcome() {
  const engineChosen = useAppStore((state) => state.engineChosen);
  // Whether this is a first visit is only known once the saved settings are read.
  const hydrated = useHasHydrated();
  return (
    <div className="welcome">
      <h2>Chat with Mistral</h2>
      {hydrated && (engineChosen ? <Intro /> : <p>First, choose where Mistral runs. You can change it at any time from the header.</p>)}
      <GpuFactsCard />
      {hydrated && !engineChosen && <EnginePlan />}
    </div>
  );
}
