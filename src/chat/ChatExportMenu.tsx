import { useEffect, useRef, useState } from "react";

/**
 * Export of the open chat: a disclosure (details/summary, so it works and is announced without
 * script) that closes as a menu does: on Escape (focus back on Export, and the key goes no
 * further: it would stop a reply), on a click or tap outside it, and once a format is chosen.
 */
export function ChatExportMenu({ onExport }: { onExport: (kind: "json" | "md") => void }) {
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  const close = (focusExport: boolean) => {
    const details = detailsRef.current;
    if (!details) return;
    details.open = false;
    if (focusExport) details.querySelector("summary")?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const closeIfOutside = (event: PointerEvent) => {
      if (event.target instanceof Node && !detailsRef.current?.contains(event.target)) close(false);
    };
    document.addEventListener("pointerdown", closeIfOutside);
    return () => document.removeEventListener("pointerdown", closeIfOutside);
  }, [open]);

  const choose = (kind: "json" | "md") => {
    onExport(kind);
    close(true);
  };
  return (
    <details
      ref={detailsRef}
      className="chat-export"
      onToggle={(event) => setOpen(event.currentTarget.open)}
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !detailsRef.current?.open) return;
        event.stopPropagation();
        close(true);
      }}
    >
      <summary className="button button-quiet">Export</summary>
      <div className="chat-export-menu">
        <button type="button" className="button button-quiet" onClick={() => choose("json")}>
          This chat as JSON
        </button>
        <button type="button" className="button button-quiet" onClick={() => choose("md")}>
          This chat as Markdown
        </button>
      </div>
    </details>
  );
}
