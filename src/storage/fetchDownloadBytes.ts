import { downloadBytesFromManifest } from "../engines/catalog";
import { parseTensorCacheManifest, webllmModelBaseUrl } from "./webllmCacheStatus";

/**
 * The size of a model's weights download, from its tensor-cache.json manifest on the model host
 * (a few hundred KB), so a person knows what a download costs before starting it. web-llm's
 * records carry no size, and copying numbers into the app would drift from the real files.
 * Undefined when the host cannot be reached or answers something else.
 */
export async function fetchDownloadBytes(modelUrl: string, signal?: AbortSignal): Promise<number | undefined> {
  try {
    const response = await fetch(new URL("tensor-cache.json", webllmModelBaseUrl(modelUrl)), {
      signal,
      credentials: "omit",
      referrerPolicy: "no-referrer",
    });
    if (!response.ok) return undefined;
    const manifest = parseTensorCacheManifest(await response.json());
    return manifest ? downloadBytesFromManifest(manifest) : undefined;
  } catch {
    return undefined;
  }
}
