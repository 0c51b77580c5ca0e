import type { DragEvent } from "react";
import { useId, useRef, useState } from "react";
import { suggestedGgufModel } from "../engines/gguf/suggestedGgufModel";
import { useAppStore } from "../state/store";
import { formatBytes } from "../ui/formatBytes";
import { describeGgufSpeed } from "./GgufStoredModels";

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/**
 * The three ways to get a GGUF model: open (or drop) a file — it is copied into this browser's
 * storage, never uploaded — download the suggested one, or download from any address.
 */
export function GgufModelSources() {
  const urlId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [url, setUrl] = useState("");
  const [urlProblem, setUrlProblem] = useState<string>();
  const [dropping, setDropping] = useState(false);
  const loading = useAppStore((state) => state.ggufEngine.status === "loading");
  const suggestionStored = useAppStore((state) => state.ggufModels?.some((model) => model.origin.kind === "url" && model.origin.url === suggestedGgufModel.url));
  const loadGgufModel = useAppStore((state) => state.loadGgufModel);

  const openFile = (file: File | undefined) => {
    if (file) void loadGgufModel({ kind: "file", file });
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDropping(false);
    if (!loading) openFile(event.dataTransfer.files[0]);
  };
  const downloadFromUrl = () => {
    const address = url.trim();
    if (!isWebAddress(address)) {
      setUrlProblem("Enter a full web address starting with https://");
      return;
    }
    setUrlProblem(undefined);
    void loadGgufModel({ kind: "url", url: address });
  };

  return (
    <div className="gguf-sources">
      {!suggestionStored && (
        <div className="gguf-suggestion">
          <p>
            <strong>Suggested: {suggestedGgufModel.name}</strong> by {suggestedGgufModel.publisher} — a {formatBytes(suggestedGgufModel.bytes)} download, once
            ({describeGgufSpeed(suggestedGgufModel.bytes)}).{" "}
            <a href={suggestedGgufModel.pageUrl} target="_blank" rel="noopener noreferrer">
              About this model
            </a>
          </p>
          <button type="button" className="button button-primary" disabled={loading} onClick={() => void loadGgufModel({ kind: "url", url: suggestedGgufModel.url })}>
            Download {suggestedGgufModel.name}
          </button>
        </div>
      )}
      <div
        className={dropping ? "gguf-drop gguf-drop-active" : "gguf-drop"}
        onDragOver={(event) => {
          event.preventDefault();
          setDropping(true);
        }}
        onDragLeave={() => setDropping(false)}
        onDrop={onDrop}
      >
        <button type="button" className="button" disabled={loading} onClick={() => fileInput.current?.click()}>
          Open a GGUF file…
        </button>
        <span className="help"> or drop a .gguf file here. It is copied into this browser's storage, never uploaded.</span>
        <input
          ref={fileInput}
          type="file"
          accept=".gguf"
          hidden
          aria-label="GGUF model file"
          onChange={(event) => {
            openFile(event.target.files?.[0]);
            event.target.value = "";
          }}
        />
      </div>
      {/* Not a <form>: this also sits inside the Settings dialog's own form. */}
      <div className="gguf-url">
        <label htmlFor={urlId}>Or download a GGUF file from an address</label>
        <div className="gguf-url-row">
          <input
            id={urlId}
            type="url"
            inputMode="url"
            placeholder="https://huggingface.co/…/resolve/main/model.gguf"
            value={url}
            aria-invalid={urlProblem ? true : undefined}
            onChange={(event) => setUrl(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== "Enter") return;
              event.preventDefault();
              downloadFromUrl();
            }}
          />
          <button type="button" className="button" disabled={loading} onClick={downloadFromUrl}>
            Download
          </button>
        </div>
        {urlProblem && (
          <p className="field-error" role="alert">
            {urlProblem}
          </p>
        )}
      </div>
    </div>
  );
}
