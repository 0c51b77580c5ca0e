import type { StateCreator } from "zustand";
import type { Capability, GpuFacts, GpuFailureRecord } from "../engines/capability";
import { probeCapability } from "../engines/capability";
import { clearGpuFailures } from "../storage/gpuFailureMemory";
import type { AppState, StoreMutators } from "./store";

export interface DeviceSlice {
  gpu: { status: "unknown" } | { status: "probing" } | { status: "known"; facts: GpuFacts };
  /** navigator.deviceMemory (GiB, capped at 8 by Chromium): a hint for GPUs that share RAM. */
  deviceMemoryGiB?: number;
  /** What earlier attempts on this device taught (a GPU lost loading a model, a crashed engine). */
  gpuFailures: GpuFailureRecord[];
  /** navigator.onLine, kept current: false means certainly offline. */
  online: boolean;
  probeDevice: () => Promise<void>;
  forgetGpuFailures: () => Promise<void>;
}

/** Everything the engine plan needs, once the GPU has been probed. */
export function selectCapability(state: AppState): Capability | undefined {
  if (state.gpu.status !== "known") return undefined;
  return {
    gpu: state.gpu.facts,
    deviceMemoryGiB: state.deviceMemoryGiB,
    storage: state.storage,
    online: state.online,
    gpuFailures: state.gpuFailures,
  };
}

export const createDeviceSlice: StateCreator<AppState, StoreMutators, [], DeviceSlice> = (set, get) => {
  if (typeof window !== "undefined") {
    window.addEventListener("online", () => set({ online: true }));
    window.addEventListener("offline", () => set({ online: false }));
  }
  return {
    gpu: { status: "unknown" },
    deviceMemoryGiB: undefined,
    gpuFailures: [],
    online: typeof navigator === "undefined" ? true : navigator.onLine,
    probeDevice: async () => {
      if (get().gpu.status !== "unknown") return;
      set({ gpu: { status: "probing" } });
      const capability = await probeCapability();
      set({
        gpu: { status: "known", facts: capability.gpu },
        deviceMemoryGiB: capability.deviceMemoryGiB,
        gpuFailures: capability.gpuFailures,
        online: capability.online,
        storage: capability.storage,
      });
    },
    forgetGpuFailures: async () => {
      await clearGpuFailures();
      set({ gpuFailures: [] });
    },
  };
};
