import { describe, expect, it } from "vitest";
import { runAll, runPaced, type Steps } from "../src/paced.ts";

/** About `ms` of busy work in steps of ~1 ms, counting how often a 5 ms timer got to run. */
function* busy(ms: number, ticks: { n: number }): Steps<number> {
  const end = performance.now() + ms;
  let steps = 0;
  while (performance.now() < end) {
    const step = performance.now() + 1;
    while (performance.now() < step);
    steps++;
    yield;
  }
  return ticks.n;
}

describe("paced steps", () => {
  it("runAll holds the event loop: no timer runs during 300 ms of work", () => {
    const ticks = { n: 0 };
    const timer = setInterval(() => ticks.n++, 5);
    try {
      expect(runAll(busy(300, ticks))).toBe(0);
    } finally {
      clearInterval(timer);
    }
  });

  it("runPaced lets timers (and signal handlers) run while the work goes on", async () => {
    const ticks = { n: 0 };
    const timer = setInterval(() => ticks.n++, 5);
    try {
      // A turn of the event loop every 50 ms: 300 ms of work gives the timer turns (under load, fewer).
      expect(await runPaced(busy(300, ticks), 50)).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
    }
  });
});
