import { useRegisterSW } from "virtual:pwa-register/react";
import { retrySave, useAppStore } from "../state/store";

const updateCheckIntervalMs = 60 * 60 * 1000;

/**
 * Registers the service worker and offers a new version with "Reload". The offer waits while a
 * reply is streaming, and everything is saved before the page reloads.
 */
export function UpdateBanner() {
  const isGenerating = useAppStore((state) => state.isGenerating);
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      // A tab left open for days still hears about new versions.
      if (registration) setInterval(() => void registration.update().catch(() => undefined), updateCheckIntervalMs);
    },
    // Without a service worker (blocked, or an old browser) the app still works online.
    onRegisterError: () => undefined,
  });
  if (!needRefresh || isGenerating) return null;
  return (
    <div className="banner" role="status">
      <p>
        <strong>Update available.</strong> Reload to use the new version; your chats stay as they are.
      </p>
      <div className="banner-actions">
        <button type="button" className="button button-quiet" onClick={() => setNeedRefresh(false)}>
          Later
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={async () => {
            await retrySave();
            await updateServiceWorker(true);
          }}
        >
          Reload
        </button>
      </div>
    </div>
  );
}
