import { lazy, useState } from "react";
import type { ComponentType } from "react";
import { retrySave } from "../state/store";

/**
 * Shown in place of a dialog whose code could not be fetched: offline before it was ever stored,
 * or an old tab whose files another tab's update has replaced. A reload fixes both.
 */
function DialogUnavailable({ what }: { what: string }) {
  return (
    <div className="banner banner-error dialog-unavailable" role="alert">
      <p>
        <strong>{what} could not be loaded.</strong> The connection may have dropped, or the app was updated in another tab.
        Reload to get it back; your chats are saved first.
      </p>
      <button
        type="button"
        className="button"
        onClick={async () => {
          await retrySave();
          location.reload();
        }}
      >
        Reload
      </button>
    </div>
  );
}

/**
 * A dialog whose code is fetched on its first open, not with the first screen, plus `preload` to
 * fetch it ahead (when the browser is idle), so that first open does not wait on the network.
 * A failed fetch is not kept: a later preload or first open tries again, and a first open that
 * fails shows what happened and the way out instead of taking the app down.
 *
 * Once its code is in, the dialog renders as itself. Through React.lazy its first render would
 * suspend even then, and React reveals a Suspense boundary that showed its fallback only some
 * 300 ms later: a preloaded Settings took 350 ms to open here.
 */
export function lazyDialog<Props extends object>(load: () => Promise<ComponentType<Props>>, what: string) {
  let loading: Promise<ComponentType<Props>> | undefined;
  let loaded: ComponentType<Props> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  const Unavailable: ComponentType<Props> = () => <DialogUnavailable what={what} />;
  const LazyDialog = lazy<ComponentType<Props>>(() => preload().then((component) => ({ default: component }), () => ({ default: Unavailable })));
  function Dialog(props: Props) {
    const Loaded = loaded;
    if (!Loaded) return <LazyDialog {...props} />;
    return <Loaded {...props} />;
  }
  return { Dialog, preload };
}

/**
 * True from the first time `open` is true on: a lazy dialog is mounted then and stays mounted, so
 * its native <dialog> closes itself and hands focus back.
 */
export function useOpenedOnce(open: boolean): boolean {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened;
}
