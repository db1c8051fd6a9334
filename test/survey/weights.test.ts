import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  designEffect,
  effectiveBase,
  poststratify,
  rake,
  weightedShare,
  type Margin,
  type WeightingCells,
} from "../../src/survey/weights.ts";
import { wilson } from "../../src/survey/wilson.ts";
import { fixture } from "../support/fixtures.ts";

/** One respondent per count, in the order given (as weights.py expands them). */
function expand(counts: [string, string, number][]): WeightingCells[] {
  return counts.flatMap(([a, b, k]) => Array.from({ length: k }, () => ({ a, b })));
}

const twoByTwo = expand([
  ["x", "u", 4],
  ["x", "v", 2],
  ["y", "u", 1],
  ["y", "v", 3],
]);
const half: Margin[] = [
  { variable: "a", targets: { x: 0.5, y: 0.5 } },
  { variable: "b", targets: { u: 0.5, v: 0.5 } },
];

describe("raking a 2×2 solved on paper (test/fixtures/stats/README.md)", () => {
  /**
   * 10 respondents: xu 4, xv 2, yu 1, yv 3; targets a: x 50%, y 50%; b: u 50%, v 50%. Raking
   * keeps the table's odds ratio (4·3)/(2·1) = 6 and makes every margin 5 of 10, so the
   * weighted table is [t, 5−t; 5−t, t] with t²/(5−t)² = 6: t = 5√6/(1+√6) = 3.5505103.
   * Weights: xu t/4 = 0.8876276, xv (5−t)/2 = 0.7247449, yu (5−t)/1 = 1.4494897, yv t/3 = 1.1835034.
   * Σw = 10; Σw² = 4·0.8876276² + 2·0.7247449² + 1.4494897² + 3·1.1835034² = 10.5051026;
   * n_eff = 100/10.5051026 = 9.5191836; design effect 1.0505103.
   */
  it("reaches the closed-form weights, n_eff and design effect", () => {
    const r = rake(twoByTwo, half, { tolerance: 1e-12, maxIterations: 1000 });
    const t = (5 * Math.sqrt(6)) / (1 + Math.sqrt(6));
    expect(r.converged).toBe(true);
    expect(r.weights[0]).toBeCloseTo(t / 4, 9);
    expect(r.weights[4]).toBeCloseTo((5 - t) / 2, 9);
    expect(r.weights[6]).toBeCloseTo(5 - t, 9);
    expect(r.weights[7]).toBeCloseTo(t / 3, 9);
    expect(r.weights[0]).toBeCloseTo(0.8876276, 6);
    expect(r.nEff).toBeCloseTo(9.5191836, 6);
    expect(r.designEffect).toBeCloseTo(1.0505103, 6);
    expect(r.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(10, 9);
  });

  it("reports the iterations it took and stops at the tolerance asked", () => {
    const loose = rake(twoByTwo, half, { tolerance: 1e-3 });
    const tight = rake(twoByTwo, half, { tolerance: 1e-12, maxIterations: 1000 });
    expect(loose.converged).toBe(true);
    expect(loose.maxDeviation).toBeLessThanOrEqual(1e-3);
    expect(loose.iterations).toBeLessThan(tight.iterations);
    const capped = rake(twoByTwo, half, { tolerance: 1e-12, maxIterations: 2 });
    expect(capped.converged).toBe(false);
    expect(capped.iterations).toBe(2);
    expect(capped.maxDeviation).toBeGreaterThan(1e-12);
  });

  it("post-stratifies in one pass: each joint cell gets its share", () => {
    const r = poststratify(twoByTwo, ["a", "b"], {
      "x × u": 0.25,
      "x × v": 0.25,
      "y × u": 0.25,
      "y × v": 0.25,
    });
    expect(r.iterations).toBe(1);
    // xu: 4 respondents to 2.5 of 10 → 0.625 each; yu: 1 → 2.5.
    expect(r.weights[0]).toBeCloseTo(0.625, 12);
    expect(r.weights[6]).toBeCloseTo(2.5, 12);
  });
});

describe("n_eff and the design effect (Kish)", () => {
  it("equal weights cost nothing; unequal ones cost (Σw)²/Σw²", () => {
    expect(effectiveBase([1, 1, 1, 1])).toBe(4);
    expect(designEffect([2, 2, 2])).toBeCloseTo(1, 12);
    // Σw = 4, Σw² = 1 + 1 + 4 = 6 (weights 1, 1, 2) → n_eff = 16/6 = 2.6667, deff = 3/2.6667 = 1.125.
    expect(effectiveBase([1, 1, 2])).toBeCloseTo(16 / 6, 12);
    expect(designEffect([1, 1, 2])).toBeCloseTo(1.125, 12);
  });

  it("a weighted share's interval is Wilson's on n_eff", () => {
    const s = weightedShare([1, 1, 2], [true, false, true]);
    expect(s.share).toBeCloseTo(0.75, 12);
    const w = wilson(0.75 * (16 / 6), 16 / 6);
    expect(s.low).toBeCloseTo(w.low, 12);
    expect(s.high).toBeCloseTo(w.high, 12);
    // Wider than the unweighted interval on n = 3 with the same share.
    expect(s.high - s.low).toBeGreaterThan(wilson(2.25, 3).high - wilson(2.25, 3).low);
  });
});

describe("respondents missing a weighting variable, and bad targets", () => {
  it("keeps a respondent with no answer at weight 1, outside the fitting", () => {
    const r = rake([...twoByTwo, { a: "x", b: null }], half, {
      tolerance: 1e-12,
      maxIterations: 1000,
    });
    expect(r.unknown).toBe(1);
    expect(r.weights[10]).toBe(1);
    expect(r.weights.slice(0, 10).reduce((s, w) => s + w, 0)).toBeCloseTo(10, 9);
  });

  it("refuses a cell the targets do not name, an empty target cell and shares not summing to 1", () => {
    expect(() => rake([...twoByTwo, { a: "z", b: "u" }], half)).toThrow(
      /respondent 11 is in a=z, a cell the weighting targets do not name/,
    );
    expect(() => rake(twoByTwo, [{ variable: "a", targets: { x: 0.4, y: 0.4, w: 0.2 } }])).toThrow(
      /a=w has no respondents/,
    );
    expect(() => rake(twoByTwo, [{ variable: "a", targets: { x: 0.5, y: 0.4 } }])).toThrow(
      /shares sum to 0.900000, not 1/,
    );
    expect(() => rake(twoByTwo, half, { trim: { cap: 0.5 } })).toThrow(/floor ≤ 1 ≤ cap/);
  });
});

interface PythonCase {
  counts: [string, string, number][];
  margins: Record<string, Record<string, number>>;
  trim: { floor?: number; cap?: number; max_iter?: number };
  weights: number[];
  iterations: number;
  max_deviation: number;
  n_eff: number;
  design_effect: number;
}

describe("against an independent Python implementation (test/fixtures/stats/weights.py)", () => {
  const cases = JSON.parse(readFileSync(fixture("stats/weights.json"), "utf8")) as Record<
    string,
    PythonCase
  >;
  it.each(Object.entries(cases))("%s", (_name, c) => {
    const margins = Object.entries(c.margins).map(([variable, targets]) => ({ variable, targets }));
    const r = rake(expand(c.counts), margins, {
      tolerance: 1e-10,
      maxIterations: c.trim.max_iter ?? 1000,
      trim: { floor: c.trim.floor, cap: c.trim.cap },
    });
    expect(r.iterations).toBe(c.iterations);
    expect(r.converged).toBe(c.max_deviation <= 1e-10);
    expect(r.maxDeviation).toBeCloseTo(c.max_deviation, 9);
    r.weights.forEach((w, i) => expect(w).toBeCloseTo(c.weights[i]!, 9));
    expect(r.nEff).toBeCloseTo(c.n_eff, 9);
    expect(r.designEffect).toBeCloseTo(c.design_effect, 9);
  });
  it("the trimmed case ends within its bounds", () => {
    const t = cases.three_by_two_trimmed!;
    expect(Math.max(...t.weights)).toBeLessThanOrEqual(2.85);
    expect(Math.min(...t.weights)).toBeGreaterThanOrEqual(0.5);
    expect(Math.max(...cases.three_by_two!.weights)).toBeGreaterThan(2.85);
  });
});
