import type { EngineErrorData } from "../engines/engineError";

/** What went wrong, what to do about it, and the engine's own words in small print. */
export function EngineErrorText({ error }: { error: EngineErrorData }) {
  return (
    <>
      <p className="error-message">{error.message}</p>
      <p className="error-fix">{error.fix}</p>
      {error.detail && <p className="error-detail">{error.detail}</p>}
    </>
  );
}
