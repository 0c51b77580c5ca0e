import { config } from "zod/v4";

// Loaded before the Mistral SDK (engineService.ts), which validates with zod: zod's first parse probes
// `new Function("")` to see whether it may compile validators. The app's Content-Security-Policy
// forbids eval, so the probe would fail and be reported as a policy violation. zod's jitless mode
// (set on the same zod instance the SDK uses) skips the probe; validation works the same.
config({ jitless: true });
