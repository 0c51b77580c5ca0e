import type { ReactNode } from "react";

/**
 * Icons for the header's buttons. Where the chat column is too narrow for the buttons' words
 * (app.css), they stand in for them; the words stay in the page, visually hidden, as the
 * buttons' names. A wider column shows the words alone.
 */
function HeaderIcon({ children }: { children: ReactNode }) {
  return (
    <svg className="header-icon" width={20} height={20} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable={false}>
      {children}
    </svg>
  );
}

export const ChatsIcon = () => <HeaderIcon><path d="M4 6h16M4 12h16M4 18h16" /></HeaderIcon>;

/** Bars of a chart. */
export const BenchmarkIcon = () => <HeaderIcon><path d="M3 21h18M6 17v-6M12 17V5M18 17v-9" /></HeaderIcon>;

/** Sliders. */
export const SettingsIcon = () => (
  <HeaderIcon>
    <path d="M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1" />
    <circle cx="15" cy="6" r="2" />
    <circle cx="9" cy="12" r="2" />
    <circle cx="17" cy="18" r="2" />
  </HeaderIcon>
);

/** An arrow down onto a tray. */
export const InstallIcon = () => <HeaderIcon><path d="M12 4v11M7 10l5 5 5-5M5 20h14" /></HeaderIcon>;
