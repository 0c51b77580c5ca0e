/**
 * Where GGUF models live: this origin's private file system (OPFS), one `<id>.gguf` per model
 * plus a `<id>.json` description written only once the file is complete and checked. A model
 * without its description is a half-written file and is never listed, so a cancelled or
 * interrupted download can never be mistaken for a model. Reading works in the page and in
 * workers; writing uses a sync access handle, which only dedicated workers have.
 */
import * as v from "valibot";
import type { StoredGgufModel } from "./ggufProtocol";

const directoryName = "gguf-models";
/** A file without description older than this is left over from a tab that closed mid-download. */
const abandonedAfterMs = 10 * 60_000;

const storedModelSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[\w-]+$/)),
  name: v.string(),
  fileName: v.string(),
  bytes: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  origin: v.variant("kind", [v.object({ kind: v.literal("url"), url: v.string() }), v.object({ kind: v.literal("file") })]),
  addedAt: v.number(),
  architecture: v.optional(v.string()),
  trainedContextTokens: v.optional(v.number()),
});

async function modelsDirectory(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(directoryName, { create: true });
}

async function readDescription(file: File): Promise<StoredGgufModel | undefined> {
  try {
    const parsed = v.safeParse(storedModelSchema, JSON.parse(await file.text()));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}

/** Complete models, newest first. Leftovers of abandoned downloads are removed on the way. */
export async function listStoredGgufModels(): Promise<StoredGgufModel[]> {
  const directory = await modelsDirectory();
  const files = new Map<string, File>();
  for await (const [name, handle] of directory.entries()) {
    if (handle.kind === "file") files.set(name, await (handle as FileSystemFileHandle).getFile());
  }
  const models: StoredGgufModel[] = [];
  for (const [name, file] of files) {
    if (name.endsWith(".json")) {
      const model = await readDescription(file);
      const data = model ? files.get(`${model.id}.gguf`) : undefined;
      if (model && data?.size === model.bytes) models.push(model);
    } else if (!files.has(name.replace(/\.gguf$/, ".json")) && Date.now() - file.lastModified > abandonedAfterMs) {
      // Another tab may be writing it right now: only files untouched for a while are removed.
      await directory.removeEntry(name).catch(() => undefined);
    }
  }
  return models.sort((a, b) => b.addedAt - a.addedAt);
}

export async function openStoredGgufModel(id: string): Promise<File> {
  const directory = await modelsDirectory();
  return (await directory.getFileHandle(`${id}.gguf`)).getFile();
}

/** The description goes first: from then on the model is no longer listed, even if removing its data fails. */
export async function deleteStoredGgufModel(id: string): Promise<void> {
  const directory = await modelsDirectory();
  await directory.removeEntry(`${id}.json`).catch(() => undefined);
  await directory.removeEntry(`${id}.gguf`).catch(() => undefined);
}

/** The worker-only part of OPFS (the page's DOM typings do not have it). */
interface SyncAccessHandle {
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}
type WritableFileHandle = FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccessHandle> };

export interface GgufFileWriter {
  readonly bytesWritten: number;
  write(chunk: Uint8Array): void;
  /** Closes the file and returns it for checking; nothing is listed yet. */
  close(): Promise<File>;
  /** Lists the (closed, checked) file as a model. */
  commit(model: StoredGgufModel): Promise<void>;
  /** Removes whatever was written. */
  discard(): Promise<void>;
}

/** Worker only: opens `<id>.gguf` for writing from the start. */
export async function createGgufFileWriter(id: string): Promise<GgufFileWriter> {
  const directory = await modelsDirectory();
  const handle = (await directory.getFileHandle(`${id}.gguf`, { create: true })) as WritableFileHandle;
  const access = await handle.createSyncAccessHandle();
  access.truncate(0);
  let bytesWritten = 0;
  let open = true;
  const closeAccess = () => {
    if (!open) return;
    open = false;
    access.flush();
    access.close();
  };
  return {
    get bytesWritten() {
      return bytesWritten;
    },
    write(chunk) {
      bytesWritten += access.write(chunk, { at: bytesWritten });
    },
    async close() {
      closeAccess();
      return handle.getFile();
    },
    async commit(model) {
      closeAccess();
      const description = await directory.getFileHandle(`${id}.json`, { create: true });
      const writable = await description.createWritable();
      await writable.write(JSON.stringify(model));
      await writable.close();
    },
    async discard() {
      try {
        closeAccess();
      } finally {
        await directory.removeEntry(`${id}.gguf`).catch(() => undefined);
      }
    },
  };
}
