import type { FormEvent, KeyboardEvent } from "react";
import { useEffect, useLayoutEffect, useRef } from "react";
import { useAppStore, useHasHydrated, whenSavedStateRead } from "../state/store";
import { JumpToLatest } from "./JumpToLatest";
import { useChatDraft } from "./useChatDraft";

export function Composer() {
  const [draft, setDraft] = useChatDraft();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const isGenerating = useAppStore((state) => state.isGenerating);
  const sendMessage = useAppStore((state) => state.sendMessage);
  const stopGeneration = useAppStore((state) => state.stopGeneration);
  const hydrated = useHasHydrated();
  // The cloud cannot answer offline; local models and servers on this machine still can.
  const offlineReason = useAppStore((state) =>
    hydrated && !state.online && state.engineKind === "mistral-api"
      ? "You are offline, so the Mistral API cannot be reached. Reconnect, or switch to a model on this device in Settings."
      : undefined,
  );

  const canSend = !isGenerating && draft.trim() !== "" && offlineReason === undefined;

  // The box is in the prerendered page, so it can be typed in before the app's code runs: keep that text.
  useLayoutEffect(() => {
    const typedBeforeStart = inputRef.current?.value;
    if (typedBeforeStart) setDraft(typedBeforeStart);
  }, [setDraft]);

  // Typing starts with the first screen, before the saved chats are read. A message sent in that
  // moment stays in the box and goes as soon as they are (it belongs in the chat that was open).
  const sendLatest = useRef(() => {});
  const stopWaiting = useRef<(() => void) | null>(null);
  useEffect(() => () => stopWaiting.current?.(), []);
  const send = () => {
    if (!canSend) return;
    if (!useAppStore.persist.hasHydrated()) {
      stopWaiting.current ??= whenSavedStateRead(() => {
        stopWaiting.current = null;
        sendLatest.current();
      });
      return;
    }
    void sendMessage(draft);
    setDraft("");
    inputRef.current?.focus();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter is a new line; never send in the middle of an IME composition.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  useEffect(() => {
    sendLatest.current = send;
  });

  useEffect(() => {
    if (!isGenerating) return;
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape" && !document.querySelector("dialog[open]")) stopGeneration();
    };
    window.addEventListener("keydown", onEscape);
    return () => window.removeEventListener("keydown", onEscape);
  }, [isGenerating, stopGeneration]);

  return (
    <form className="composer" onSubmit={onSubmit}>
      <JumpToLatest onJumped={() => inputRef.current?.focus({ preventScroll: true })} />
      {offlineReason && (
        <p className="composer-notice" role="status">
          {offlineReason}
        </p>
      )}
      <textarea
        ref={inputRef}
        className="composer-input"
        aria-label="Message"
        placeholder="Message Mistral…"
        rows={1}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
        autoFocus
      />
      {isGenerating ? (
        <button
          type="button"
          className="button button-stop"
          onClick={() => {
            stopGeneration();
            // Stop goes away with the reply: focus goes on to the box, not to the page's top.
            inputRef.current?.focus();
          }}
        >
          Stop
        </button>
      ) : (
        <button type="submit" className="button button-primary" disabled={!canSend}>
          Send
        </button>
      )}
    </form>
  );
}
