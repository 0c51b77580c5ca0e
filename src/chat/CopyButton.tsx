import { useEffect, useState } from "react";

type CopyState = "idle" | "copied" | "failed";
const COPY_FEEDBACK_MS = 2000;

/** A Copy button that says whether it worked: its label changes, and screen readers hear it. */
export function CopyButton({ getText, label, className }: { getText: () => string; label: string; className: string }) {
  const [copyState, setCopyState] = useState<CopyState>("idle");

  useEffect(() => {
    if (copyState === "idle") return;
    const timer = setTimeout(() => setCopyState("idle"), COPY_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [copyState]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(getText());
      setCopyState("copied");
    } catch {
      // Denied permission or an insecure context: say so instead of pretending.
      setCopyState("failed");
    }
  }

  const feedback = copyState === "copied" ? "Copied" : copyState === "failed" ? "Could not copy" : "";
  return (
    <>
      <span className="visually-hidden" role="status" aria-live="polite">
        {feedback}
      </span>
      <button type="button" className={className} aria-label={label} onClick={() => void copy()}>
        {feedback || "Copy"}
      </button>
    </>
  );
}
