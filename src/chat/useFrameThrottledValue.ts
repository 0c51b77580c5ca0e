import { useEffect, useRef, useState } from "react";

/**
 * `value`, updated at most once per animation frame. A reply can stream hundreds of tokens a
 * second; re-rendering its Markdown for each would cost far more than the screen can show.
 */
export function useFrameThrottledValue<T>(value: T): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  const frame = useRef<number | undefined>(undefined);

  useEffect(() => {
    latest.current = value;
    // One frame at a time, never cancelled by a newer value: a fast stream still shows progress.
    if (frame.current !== undefined) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = undefined;
      setShown(latest.current);
    });
  }, [value]);

  useEffect(
    () => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    },
    [],
  );

  return shown;
}
