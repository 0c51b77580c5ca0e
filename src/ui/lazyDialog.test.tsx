import { render, screen } from "@testing-library/react";
import { Suspense } from "react";
import { describe, expect, it, vi } from "vitest";
import { lazyDialog } from "./lazyDialog";

function Greeting({ name }: { name: string }) {
  return <p>Hello {name}</p>;
}

describe("lazyDialog", () => {
  it("renders the dialog once its code has loaded, with its props", async () => {
    const load = vi.fn(() => Promise.resolve(Greeting));
    const { Dialog, preload } = lazyDialog(load, "Greeting");
    await preload();
    render(
      <Suspense fallback={null}>
        <Dialog name="Mistral" />
      </Suspense>,
    );
    expect(await screen.findByText("Hello Mistral")).toBeTruthy();
    // Fetched once: the open reused what the preload fetched.
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("renders a preloaded dialog at once, without suspending (React would reveal it some 300 ms late)", async () => {
    const { Dialog, preload } = lazyDialog(() => Promise.resolve(Greeting), "Greeting");
    await preload();
    render(
      <Suspense fallback={<p>Waiting</p>}>
        <Dialog name="Mistral" />
      </Suspense>,
    );
    expect(screen.getByText("Hello Mistral")).toBeTruthy();
    expect(screen.queryByText("Waiting")).toBeNull();
  });

  it("does not keep a failed fetch, and a first open that fails says so with a way out instead of throwing", async () => {
    const load = vi.fn<() => Promise<typeof Greeting>>(() => Promise.reject(new TypeError("Failed to fetch dynamically imported module")));
    const { Dialog, preload } = lazyDialog(load, "Settings");
    await expect(preload()).rejects.toThrow("Failed to fetch");
    render(
      <Suspense fallback={null}>
        <Dialog name="unused" />
      </Suspense>,
    );
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Settings could not be loaded.");
    expect(screen.getByRole("button", { name: "Reload" })).toBeTruthy();
    // The failed preload was not cached: the open tried again.
    expect(load).toHaveBeenCalledTimes(2);
  });
});
