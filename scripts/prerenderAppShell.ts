import { createServer } from "vite";
import type { Plugin } from "vite";

/** Where index.html leaves the app's mount point (it must stay exactly this, empty). */
const emptyRoot = '<div id="root"></div>';
const shellModule = "/src/prerender/renderAppShell.tsx";

/**
 * Builds the first screen into index.html: React renders the app (before its saved state is read,
 * the same for every visit) to HTML at build time, so the page paints, and the Message box takes
 * typing, as soon as the HTML and CSS arrive instead of after the app's JavaScript has run.
 * main.tsx then hydrates that HTML. The render runs in Vite's SSR loader with this project's
 * config (in serve mode, where this plugin does nothing, so it cannot recurse).
 */
export function prerenderAppShell(): Plugin {
  let configFile: string | undefined;
  let mode = "production";
  return {
    name: "tramontane:prerender-app-shell",
    apply: "build",
    configResolved(config) {
      configFile = config.configFile;
      mode = config.mode;
    },
    async transformIndexHtml(html) {
      if (!html.includes(emptyRoot)) throw new Error(`index.html must contain ${emptyRoot} for the first screen to be prerendered`);
      const server = await createServer({
        configFile,
        mode,
        logLevel: "error",
        appType: "custom",
        server: { middlewareMode: true, hmr: false, ws: false },
        optimizeDeps: { noDiscovery: true, include: [] },
      });
      try {
        const { renderAppShell } = (await server.ssrLoadModule(shellModule)) as { renderAppShell: () => string };
        return html.replace(emptyRoot, `<div id="root">${renderAppShell()}</div>`);
      } finally {
        await server.close();
      }
    },
  };
}
