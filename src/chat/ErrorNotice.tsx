import { useEffect, useState } from "react";
import type { EngineErrorCode, EngineErrorData } from "../engines/engineError";
import { useAppStore } from "../state/store";
import { EngineErrorText } from "../ui/EngineErrorText";

/** Errors whose fix is in Settings get a button that goes there. */
const fixedInSettings: ReadonlySet<EngineErrorCode> = new Set(["UNAUTHORIZED", "MISSING_API_KEY", "INVALID_REQUEST", "NETWORK", "BLOCKED_BY_POLICY"]);

/** Seconds until `retryAt`, ticking once a second; 0 when it has passed or is unknown. */
function useSecondsUntil(retryAt: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  const remaining = retryAt === undefined ? 0 : Math.max(0, Math.ceil((retryAt - now) / 1000));
  useEffect(() => {
    if (remaining <= 0) return;
    const timer = window.setTimeout(() => setNow(Date.now()), 1000);
    return () => window.clearTimeout(timer);
  }, [remaining, now]);
  return remaining;
}

export function ErrorNotice({ error, canRetry }: { error: EngineErrorData; canRetry: boolean }) {
  const retryLastReply = useAppStore((state) => state.retryLastReply);
  const openSettings = useAppStore((state) => state.openSettings);
  const isGenerating = useAppStore((state) => state.isGenerating);
  const waitSeconds = useSecondsUntil(error.retryAt);
  return (
    <div className="error-notice" role="alert">
      <EngineErrorText error={error} />
      {waitSeconds > 0 && <p className="error-wait">You can retry in {waitSeconds} s.</p>}
      <div className="error-actions">
        {canRetry && (
          <button type="button" className="button" disabled={waitSeconds > 0 || isGenerating} onClick={() => void retryLastReply()}>
            Retry
          </button>
        )}
        {fixedInSettings.has(error.code) && (
          <button type="button" className="button button-quiet" onClick={openSettings}>
            Open Settings
          </button>
        )}
      </div>
    </div>
  );
}
