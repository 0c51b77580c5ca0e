/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";
import { cacheControlFor, productionHeaders } from "./src/security/productionHeaders.ts";
import { prerenderAppShell } from "./scripts/prerenderAppShell.ts";


export default defineConfig(({ mode }) => ({
  // `--mode next-version` builds a second version of the app (dist-next) for the update test.
  define: { __BUILD_ID__: JSON.stringify(mode === "next-version" ? "2" : "1") },
  plugins: [
    react(),
    prerenderAppShell(),
    {
      // `npm start` caches as a static host does with public/_headers: the hashed files under
      // assets/ for good, the rest asked for again (sirv keeps a Cache-Control set before it).
      name: "preview-cache-control",
      configurePreviewServer(server) {
        server.middlewares.use((request, response, next) => {
          response.setHeader("Cache-Control", cacheControlFor(new URL(request.url ?? "/", "http://host").pathname));
          next();
        });
      },
    },
    VitePWA({
      // A new version waits for the person's "Reload": an update must never cut a reply short.
      registerType: "prompt",
      injectRegister: false,
      includeAssets: ["favicon.svg", "apple-touch-icon.png"],
      manifest: {
        name: "Tramontane — Mistral on your GPU",
        short_name: "Tramontane",
        description: "Chat with Mistral models on your own GPU, in the browser — or through the Mistral API or your own server.",
        id: "/",
        start_url: "/",
        scope: "/",
        display: "standalone",
        theme_color: "#b93d0a",
        background_color: "#f7f5f2",
        icons: [
          { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        // The app shell, the web-llm worker (~6 MB), the GGUF worker and llama.cpp's wasm (~8.8 MB)
        // and the lazy chunks, so the app and both local engines start offline. Model weights are
        // not here: web-llm keeps them in IndexedDB, GGUF models live in OPFS. KaTeX's fonts as
        // woff2 only (256 KB), the format every browser that runs the app takes first.
        globPatterns: ["**/*.{js,css,html,svg,png,webmanifest,wasm,woff2}"],
        maximumFileSizeToCacheInBytes: 10 * 1024 * 1024,
        // Only workbox's own outdated precaches are removed; no other cache or database is touched.
        cleanupOutdatedCaches: true,
        navigateFallback: "/index.html",
      },
    }),
  ],
  build: {
    target: "es2022",
    sourcemap: true,
    // Small fonts (KaTeX's) stay files: inlined as data: URLs, the policy's font-src 'self' refuses them.
    assetsInlineLimit: (file) => (/\.(woff2?|ttf)$/.test(file) ? false : undefined),
    // The Mistral SDK chunk (≈750 KB raw, ≈115 KB gzip) is loaded only when the cloud is used;
    // the first screen's budget is enforced by the benchmark, not by this warning.
    chunkSizeWarningLimit: 800,
  },
  worker: { format: "es" },
  preview: {
    host: "127.0.0.1",
    port: 4173,
    strictPort: true,
    headers: productionHeaders,
  },
  test: {
    include: ["src/**/*.test.{ts,tsx}", "e2e/fixtures/**/*.test.ts"],
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
  },
}));
