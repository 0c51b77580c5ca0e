import { useAppStore } from "../state/store";
import { GpuFactsCard } from "./GpuFactsCard";

export function Welcome() {
  const hasKey = useAppStore((state) => state.apiKey !== "");
  const openSettings = useAppStore((state) => state.openSettings);
  return (
    <div className="welcome">
      <h2>Chat with Mistral</h2>
      {hasKey ? (
        <p>Your messages go to the Mistral API with your key. Ask anything.</p>
      ) : (
        <>
          <p>
            To start, add your Mistral API key from La Plateforme. Models that run on your own GPU are coming
            next.
          </p>
          <button type="button" className="button button-primary" onClick={openSettings}>
            Add your API key
          </button>
        </>
      )}
      <GpuFactsCard />
    </div>
  );
}
