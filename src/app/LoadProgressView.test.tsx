import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LoadProgressView } from "./LoadProgressView";

describe("LoadProgressView", () => {
  it("shows the phase, a progress bar, size done and total, speed, time left and a resume note", () => {
    render(
      <LoadProgressView
        progress={{
          phase: "downloading",
          fraction: 0.42,
          shard: { index: 45, count: 107 },
          megabytesDone: 1700,
          megabytesTotal: 4048,
          bytesPerSecond: 12.5 * 2 ** 20,
          secondsLeft: 190,
          resumedFromShard: 30,
          text: "Fetching param cache[45/107]: 1700MB fetched. 42% completed, 30 secs elapsed.",
        }}
      />,
    );
    expect(screen.getByRole("status").textContent).toBe("Downloading the model — 42%");
    const bar = screen.getByRole("progressbar", { name: "Downloading the model" });
    expect(bar.getAttribute("value")).toBe("0.42");
    expect(screen.getByText(/1\.7 GiB of 4 GiB · part 45 of 107 · 12\.5 MiB\/s · about 3 min 10 s left/)).toBeTruthy();
    expect(screen.getByText("Resuming: 30 parts were already stored on this device.")).toBeTruthy();
  });

  it("says when everything was already stored, and shows shader preparation as its own phase", () => {
    render(<LoadProgressView progress={{ phase: "shaders", fraction: 0.5, alreadyDownloaded: true, resumedFromShard: 107, text: "" }} />);
    expect(screen.getByRole("status").textContent).toBe("Preparing GPU shaders — 50%");
    expect(screen.getByText("Already on this device: nothing to download.")).toBeTruthy();
    expect(screen.queryByText(/Resuming/)).toBeNull();
  });

  it("says it is starting before the first report", () => {
    render(<LoadProgressView progress={undefined} />);
    expect(screen.getByRole("status").textContent).toBe("Starting the local engine…");
  });
});
