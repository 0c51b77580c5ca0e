import { retrySave, useAppStore } from "../state/store";

/** Says when chats are not being saved, or could not all be read back; nothing here is silent. */
export function StorageBanner() {
  const saveError = useAppStore((state) => state.saveError);
  const readProblems = useAppStore((state) => state.readProblems);
  const dismissReadProblems = useAppStore((state) => state.dismissReadProblems);
  if (!saveError && readProblems.length === 0) return null;
  return (
    <>
      {saveError && (
        <div className="banner banner-error" role="alert">
          <p>
            <strong>Not saved.</strong> {saveError} Everything is still here while this tab stays open.
          </p>
          <button type="button" className="button" onClick={() => void retrySave()}>
            Try saving again
          </button>
        </div>
      )}
      {readProblems.length > 0 && (
        <div className="banner" role="status">
          <div>
            {readProblems.map((problem) => (
              <p key={problem}>{problem}</p>
            ))}
            <p>Everything else was loaded.</p>
          </div>
          <button type="button" className="button button-quiet" onClick={dismissReadProblems}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
