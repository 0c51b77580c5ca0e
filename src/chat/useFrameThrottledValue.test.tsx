import { act, render } from "@testing-library/react";
import { useEffect } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useFrameThrottledValue } from "./useFrameThrottledValue";

const onShown = vi.fn();
function Shown({ value }: { value: string }) {
  const shown = useFrameThrottledValue(value);
  useEffect(() => onShown(shown));
  return <p>{shown}</p>;
}

describe("useFrameThrottledValue", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the first value at once and then the latest one once per frame, however many arrive", () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal("requestAnimationFrame", (callback: FrameRequestCallback) => frames.push(callback));
    vi.stubGlobal("cancelAnimationFrame", () => undefined);
    const { container, rerender } = render(<Shown value="a" />);
    expect(container.textContent).toBe("a");

    for (const value of ["ab", "abc", "abcd"]) rerender(<Shown value={value} />);
    expect(container.textContent).toBe("a");
    expect(frames).toHaveLength(1);

    onShown.mockClear();
    act(() => frames.shift()?.(0));
    expect(container.textContent).toBe("abcd");
    // One render for the three values, not three.
    expect(onShown.mock.calls).toEqual([["abcd"]]);
  });
});
