import "fake-indexeddb/auto";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// Testing Library only cleans up by itself when test globals are on; they are off here.
afterEach(() => cleanup());

// jsdom lays nothing out, so no element's size ever changes: an observer that is never called is
// what a real one would be there.
globalThis.ResizeObserver ??= class implements ResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
};
