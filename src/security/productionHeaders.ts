/**
 * The HTTP headers every response of the production build carries: `npm start` (vite preview),
 * the end-to-end tests, and static hosts through public/_headers (a unit test keeps that file equal
 * to this). They are headers, not a <meta> tag, because a <meta> policy does not reach workers:
 * the web-llm worker and the service worker get theirs from their own responses.
 */

/** Where the app may connect, and why each is there. A host not listed here cannot be reached. */
export const connectSources = [
  "'self'",
  // The Mistral API (La Plateforme).
  "https://api.mistral.ai",
  // web-llm's model weights and configs, and the CDNs Hugging Face redirects downloads to.
  "https://huggingface.co",
  "https://*.huggingface.co",
  "https://*.hf.co",
  // web-llm's compiled model libraries (WebAssembly).
  "https://raw.githubusercontent.com",
  // Self-hosted OpenAI-compatible servers (Ollama, vLLM) on this computer.
  "http://localhost:*",
  "http://127.0.0.1:*",
];

export const contentSecurityPolicy = [
  "default-src 'self'",
  // web-llm compiles the model library with WebAssembly; nothing is ever eval'd.
  "script-src 'self' 'wasm-unsafe-eval'",
  // wllama (the GGUF engine) starts its own workers from blob: URLs it builds from its bundled code.
  "worker-src 'self' blob:",
  `connect-src ${connectSources.join(" ")}`,
  // Remote images in replies are never loaded in the page: the person can open one in a new tab.
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "form-action 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const productionHeaders: Record<string, string> = {
  "Content-Security-Policy": contentSecurityPolicy,
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  // Cross-origin isolation: the only way browsers allow the shared memory llama.cpp needs for more
  // than one thread. Every cross-origin request the app makes is a CORS fetch (Mistral API, Hugging
  // Face, self-hosted servers), which COEP allows; the app embeds nothing from elsewhere.
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

/**
 * Vite names every file it writes under assets/ after a hash of its content, so a new version of
 * the app has new names there: a browser may keep these for good and never ask again. A returning
 * visit then starts without fetching its JavaScript, even before the service worker serves it
 * (a reload before it is active, a hard reload). Everything else — index.html, the service worker,
 * the manifest, icons — is asked for again on each load, so a new version is seen.
 */
const hashedAssetsPath = "/assets/";
const hashedAssetCaching = "public, max-age=31536000, immutable";

/** How long a browser may keep the file at `path` of the build (a URL's path, query left out). */
export function cacheControlFor(path: string): string {
  return path.startsWith(hashedAssetsPath) ? hashedAssetCaching : "no-cache";
}

function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `  ${name}: ${value}`)
    .join("\n");
}

/**
 * public/_headers, the format Netlify and Cloudflare Pages read: every path gets the production
 * headers, and the hashed files under assets/ are kept for good (the hosts revalidate the rest).
 */
export function staticHostHeadersFile(): string {
  return `/*\n${headerLines(productionHeaders)}\n${hashedAssetsPath}*\n${headerLines({ "Cache-Control": hashedAssetCaching })}\n`;
}
