import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderToString } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useAppStore } from "../state/store";
import { Composer } from "./Composer";

const sendMessage = vi.fn<(text: string) => Promise<void>>(() => Promise.resolve());

beforeEach(async () => {
  await useAppStore.persist.rehydrate();
  useAppStore.setState({ sendMessage, isGenerating: false, online: true });
  sendMessage.mockClear();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Composer before the saved state is read", () => {
  it("takes typing at once, and sends a message sent meanwhile as soon as the state is read", async () => {
    const hydrated = vi.spyOn(useAppStore.persist, "hasHydrated").mockReturnValue(false);
    render(<Composer />);
    const box = screen.getByRole("textbox", { name: "Message" });
    expect((box as HTMLTextAreaElement).disabled).toBe(false);

    await userEvent.type(box, "Sent early{Enter}");
    expect(sendMessage).not.toHaveBeenCalled();
    // It waits in the box, not lost.
    expect((box as HTMLTextAreaElement).value).toBe("Sent early");

    hydrated.mockRestore();
    await act(() => useAppStore.persist.rehydrate());
    expect(sendMessage).toHaveBeenCalledTimes(1);
    expect(sendMessage).toHaveBeenCalledWith("Sent early", []);
    expect((box as HTMLTextAreaElement).value).toBe("");
  });

  it("sends once, however often Enter was pressed while waiting", async () => {
    const hydrated = vi.spyOn(useAppStore.persist, "hasHydrated").mockReturnValue(false);
    render(<Composer />);
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "Once{Enter}{Enter}{Enter}");
    hydrated.mockRestore();
    await act(() => useAppStore.persist.rehydrate());
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it("keeps text typed into the prerendered box before React adopted it", () => {
    const prerendered = document.createElement("div");
    prerendered.innerHTML = renderToString(<Composer />);
    document.body.append(prerendered);
    const box = prerendered.querySelector("textarea");
    if (!box) throw new Error("no textarea in the prerendered HTML");
    box.value = "Typed before the app ran";
    render(<Composer />, { container: prerendered, hydrate: true });
    // The same element, adopted: the text is React's draft now, so Send works.
    expect(screen.getByRole("textbox", { name: "Message" })).toBe(box);
    expect(box.value).toBe("Typed before the app ran");
    expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(false);
  });
});
