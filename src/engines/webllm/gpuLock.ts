/**
 * One tab owns the GPU (a 7B model twice would not fit, and every tab loading its own copy is a
 * known complaint about other apps). A Web Lock decides; it is released when the owning tab closes.
 */

const lockName = "tramontane-local-model";

export interface GpuLock {
  release: () => void;
  /** Resolves if another tab takes the lock ("Use here instead" there). */
  lost: Promise<void>;
}

/**
 * Takes the lock if free (or by force with `steal`); undefined when another tab holds it.
 * Where the browser has no Web Locks, there is nothing to coordinate with: a lock that never
 * gets lost is returned.
 */
export async function acquireGpuLock(options: { steal?: boolean } = {}): Promise<GpuLock | undefined> {
  if (!("locks" in navigator)) return { release: () => undefined, lost: new Promise(() => undefined) };
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let onLost: () => void = () => undefined;
  const lost = new Promise<void>((resolve) => {
    onLost = resolve;
  });
  const granted = await new Promise<boolean>((resolveGranted) => {
    const request = options.steal
      ? navigator.locks.request(lockName, { steal: true }, () => {
          resolveGranted(true);
          return held;
        })
      : navigator.locks.request(lockName, { ifAvailable: true }, (lock) => {
          resolveGranted(lock !== null);
          return lock ? held : undefined;
        });
    // A stolen lock rejects the holder's request with an AbortError.
    request.catch(() => onLost());
  });
  return granted ? { release, lost } : undefined;
}
