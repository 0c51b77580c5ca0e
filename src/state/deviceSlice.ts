import type { StateCreator } from "zustand";
import type { GpuFacts } from "../engines/capability";
import { probeGpu } from "../engines/capability";
import type { AppState, StoreMutators } from "./store";

export interface DeviceSlice {
  gpu: { status: "unknown" } | { status: "probing" } | { status: "known"; facts: GpuFacts };
  probeDevice: () => Promise<void>;
}

export const createDeviceSlice: StateCreator<AppState, StoreMutators, [], DeviceSlice> = (set, get) => ({
  gpu: { status: "unknown" },
  probeDevice: async () => {
    if (get().gpu.status !== "unknown") return;
    set({ gpu: { status: "probing" } });
    const facts = await probeGpu();
    set({ gpu: { status: "known", facts } });
  },
});
