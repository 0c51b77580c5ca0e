import { useEffect, useRef } from "react";
import type { RefObject } from "react";

/**
 * Keeps a native <dialog> in step with an `open` flag: shown as a modal (focus trapped, Esc closes,
 * the page behind inert) when it turns true, closed when it turns false. `onShown` runs right after
 * showing, e.g. to move focus somewhere other than the first control.
 */
export function useModalDialog(open: boolean, onShown?: (dialog: HTMLDialogElement) => void): RefObject<HTMLDialogElement | null> {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const shown = useRef(onShown);
  useEffect(() => {
    shown.current = onShown;
  });
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      shown.current?.(dialog);
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return dialogRef;
}
