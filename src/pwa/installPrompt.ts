import { useSyncExternalStore } from "react";

/** Chromium's install event; not in TypeScript's DOM types because it is not a web standard yet. */
interface BeforeInstallPromptEvent extends Event {
  prompt: () => Promise<void>;
  userChoice: Promise<{ outcome: "accepted" | "dismissed" }>;
}

let deferredPrompt: BeforeInstallPromptEvent | undefined;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

/**
 * Listens from the start: the browser fires `beforeinstallprompt` once, soon after load, possibly
 * before React has rendered anything. The event is kept so "Install app" can show the prompt later.
 */
export function captureInstallPrompt(): void {
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    deferredPrompt = event as BeforeInstallPromptEvent;
    notify();
  });
  window.addEventListener("appinstalled", () => {
    deferredPrompt = undefined;
    notify();
  });
}

async function install(): Promise<void> {
  const prompt = deferredPrompt;
  if (!prompt) return;
  await prompt.prompt();
  // A prompt can be shown once; whatever the answer, the button goes (appinstalled follows a yes).
  await prompt.userChoice;
  deferredPrompt = undefined;
  notify();
}

/** `install` while the browser offers installation, else undefined. */
export function useInstallPrompt(): (() => Promise<void>) | undefined {
  const available = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => deferredPrompt !== undefined,
    // The prerendered first screen (and so the first render over it) has no install button.
    () => false,
  );
  return available ? install : undefined;
}
