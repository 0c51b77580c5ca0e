import { StrictMode } from "react";
import { renderToString } from "react-dom/server";
import { App } from "../app/App";

/**
 * The first screen as HTML, for index.html at build time (scripts/prerenderAppShell.ts): the
 * app before its saved state is read, which is the same for every visit. main.tsx hydrates it.
 */
export function renderAppShell(): string {
  return renderToString(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
