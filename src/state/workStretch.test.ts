import { describe, expect, it } from "vitest";
import { startWorkStretch, yieldAfterMs } from "./workStretch";

/** A clock the test moves, and a record of the turns given to the browser. */
function setUp() {
  const clock = { now: 0 };
  const turns: number[] = [];
  const stretch = startWorkStretch(
    () => clock.now,
    async () => {
      turns.push(clock.now);
    },
  );
  return { clock, turns, stretch };
}

describe("startWorkStretch", () => {
  it("gives no turn to chunks that each come after a wait, however long the reply", async () => {
    const { clock, turns, stretch } = setUp();
    for (let chunk = 0; chunk < 100; chunk += 1) {
      clock.now += 20; // a model writing 50 tokens a second
      stretch.chunkArrived();
      clock.now += 2;
      await stretch.chunkHandled();
    }
    expect(turns).toEqual([]);
  });

  it("gives a turn once a burst handled without a wait has run past the limit, then starts again", async () => {
    const { clock, turns, stretch } = setUp();
    for (let chunk = 0; chunk < 40; chunk += 1) {
      stretch.chunkArrived();
      clock.now += 1; // each buffered chunk takes 1 ms to handle
      await stretch.chunkHandled();
    }
    expect(turns).toEqual([yieldAfterMs + 1, 2 * (yieldAfterMs + 1)]);
  });

  it("counts the burst from its first chunk when it follows a wait", async () => {
    const { clock, turns, stretch } = setUp();
    clock.now = 500; // the first token took half a second
    for (let chunk = 0; chunk < 20; chunk += 1) {
      stretch.chunkArrived();
      clock.now += 1;
      await stretch.chunkHandled();
    }
    expect(turns).toEqual([500 + yieldAfterMs + 1]);
  });
});
