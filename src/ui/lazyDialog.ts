import { lazy, useState } from "react";
import type { ComponentType } from "react";

/**
 * A dialog whose code is fetched on its first open, not with the first screen, plus `preload` to
 * fetch it ahead (when the browser is idle), so that first open does not wait on the network.
 */
export function lazyDialog<Props extends object>(load: () => Promise<ComponentType<Props>>) {
  let loading: Promise<{ default: ComponentType<Props> }> | undefined;
  const preload = () => (loading ??= load().then((component) => ({ default: component })));
  return { Dialog: lazy(preload), preload };
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
