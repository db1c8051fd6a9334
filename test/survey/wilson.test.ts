import { describe, expect, it } from "vitest";
import { wilson } from "../../src/survey/wilson.ts";

describe("Wilson interval", () => {
  it("matches published reference values", () => {
    // Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263 → 0.2553–0.3662; 0/10 → 0–0.2775.
    const a = wilson(81, 263);
    expect(a.low).toBeCloseTo(0.2553, 4);
    expect(a.high).toBeCloseTo(0.3662, 4);
    const b = wilson(0, 10);
    expect(b.low).toBe(0);
    expect(b.high).toBeCloseTo(0.2775, 4);
  });

  it("is symmetric around one half and undefined without respondents", () => {
    const c = wilson(5, 10);
    expect(c.low + c.high).toBeCloseTo(1, 10);
    expect(Number.isNaN(wilson(0, 0).low)).toBe(true);
  });
});
