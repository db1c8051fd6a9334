import { describe, expect, it } from "vitest";
import { assembleCrosstab, columnLetter } from "../../src/survey/crosstab-assembly.ts";
import {
  adjustTests,
  minExpected,
  pooledZ,
  rowPairs,
  testRow,
  twoSidedP,
} from "../../src/survey/significance.ts";

/**
 * One row worked by hand. Columns: A 60/100 (60%), B 45/100 (45%), C 30/100 (30%), D 15/20 (75%).
 *
 * D has n = 20 < 30: small base, never tested (even though 75% is the highest share; against A
 * it would be pooled 75/120 = 0.625, SE = sqrt(0.625·0.375·(1/20 + 1/100)) = 0.118585,
 * z = 0.15/0.118585 = 1.2649, p = 0.2059 — not that it matters).
 *
 * Pairs tested: AB, AC, BC → 3; Bonferroni threshold α = 0.05 / 3 = 0.016667.
 *   A vs B: p̂ = (60+45)/200 = 0.525, SE = sqrt(0.525·0.475·(1/100 + 1/100)) = sqrt(0.0049875) = 0.070622,
 *           z = (0.60 − 0.45)/0.070622 = 2.1240, two-sided p = 2·(1 − Φ(2.1240)) = 0.03367
 *           → below 0.05, above 0.016667: significant alone, NOT after Bonferroni.
 *   A vs C: p̂ = 90/200 = 0.45, SE = sqrt(0.45·0.55·0.02) = 0.070356, z = 0.30/0.070356 = 4.2640,
 *           p = 0.0000201 → significant: A is higher than C.
 *   B vs C: p̂ = 75/200 = 0.375, SE = sqrt(0.375·0.625·0.02) = 0.068465, z = 0.15/0.068465 = 2.1909,
 *           p = 0.02846 → below 0.05, above 0.016667: NOT significant after Bonferroni.
 * So A's letters are "C"; B, C and D have none.
 */
const ROW = [
  { count: 60, n: 100 },
  { count: 45, n: 100 },
  { count: 30, n: 100 },
  { count: 15, n: 20 },
];

describe("pooled two-proportion z-test", () => {
  it("reproduces the hand-worked statistics", () => {
    expect(pooledZ(ROW[0]!, ROW[1]!)).toBeCloseTo(2.123977, 5);
    expect(pooledZ(ROW[0]!, ROW[2]!)).toBeCloseTo(4.264014, 5);
    expect(pooledZ(ROW[1]!, ROW[2]!)).toBeCloseTo(2.19089, 5);
    expect(pooledZ(ROW[2]!, ROW[0]!)).toBeCloseTo(-4.264014, 5);
    expect(twoSidedP(pooledZ(ROW[0]!, ROW[1]!))).toBeCloseTo(0.0336721, 6);
    expect(twoSidedP(pooledZ(ROW[0]!, ROW[2]!))).toBeCloseTo(0.0000200787, 9);
    expect(twoSidedP(pooledZ(ROW[1]!, ROW[2]!))).toBeCloseTo(0.0284597, 6);
  });

  it("gives the normal distribution's textbook tail areas", () => {
    expect(twoSidedP(0)).toBeCloseTo(1, 6);
    expect(twoSidedP(1.959964)).toBeCloseTo(0.05, 6);
    expect(twoSidedP(-2.575829)).toBeCloseTo(0.01, 6);
    expect(twoSidedP(3.290527)).toBeCloseTo(0.001, 7);
  });

  it("has no difference where both columns chose none or all", () => {
    expect(pooledZ({ count: 0, n: 50 }, { count: 0, n: 80 })).toBe(0);
    expect(pooledZ({ count: 50, n: 50 }, { count: 80, n: 80 })).toBe(0);
  });
});

describe("a row's tests, Bonferroni-corrected", () => {
  it("finds A > C only, and leaves the small base untested", () => {
    const t = testRow(ROW);
    expect(t.smallBase).toEqual([false, false, false, true]);
    expect(t.pairsTested).toBe(3);
    expect(t.threshold).toBeCloseTo(0.05 / 3, 12);
    expect(t.higherThan).toEqual([[2], [], [], []]);
  });

  it("without the correction A > B and B > C would pass: the pairs the correction removes", () => {
    // α = 0.05 / 3 is what stops them; with three times the α each pair meets 0.05.
    expect(testRow(ROW, 0.05 * 3).higherThan).toEqual([[1, 2], [2], [], []]);
  });

  it("tests nothing when fewer than two columns have n ≥ 30", () => {
    const t = testRow([
      { count: 10, n: 29 },
      { count: 90, n: 100 },
    ]);
    expect(t).toEqual({
      smallBase: [true, false],
      pairsTested: 0,
      threshold: null,
      higherThan: [[], []],
    });
  });
});

describe("assembly from raw per-column counts", () => {
  it("letters, shares, intervals and tests, the way the CLI and the explorer both get them", () => {
    const counts = ["A", "B", "C", "D"].map((label, i) => ({
      year: 2019,
      column: label.toLowerCase(),
      option: "Security",
      level: null,
      ...ROW[i]!,
    }));
    const { columns, rows } = assembleCrosstab(counts.reverse(), {
      columns: ["a", "b", "c", "d"],
      options: ["Security"],
      byYear: false,
    });
    expect(columns).toEqual([
      { letter: "A", label: "a", n: 100 },
      { letter: "B", label: "b", n: 100 },
      { letter: "C", label: "c", n: 100 },
      { letter: "D", label: "d", n: 20 },
    ]);
    expect(rows.map((r) => [r.letter, r.share, r.small_base, r.higher_than])).toEqual([
      ["A", 0.6, false, ["C"]],
      ["B", 0.45, false, []],
      ["C", 0.3, false, []],
      ["D", 0.75, true, []],
    ]);
    // Wilson 95% for 60/100: 0.5020–0.6906.
    expect(rows[0]).toMatchObject({ ci_low: 0.502, ci_high: 0.6906 });
  });

  it("letters past Z", () => {
    expect([0, 25, 26, 27, 51, 52].map(columnLetter)).toEqual(["A", "Z", "AA", "AB", "AZ", "BA"]);
  });
});

describe("corrections: Holm within a row, Benjamini–Hochberg over the table", () => {
  const pairs = (ps: number[]) =>
    ps.map((p, k) => ({ i: 0, j: k + 1, z: 1, p, significant: false }));

  it("Holm steps down where Bonferroni stops: p = 0.01, 0.02, 0.04 of three pairs", () => {
    // Bonferroni: each p against 0.05/3 = 0.0167 → only 0.01.
    const bonferroni = pairs([0.01, 0.02, 0.04]);
    adjustTests([bonferroni], "bonferroni");
    expect(bonferroni.map((t) => t.significant)).toEqual([true, false, false]);
    // Holm: 0.01 < 0.05/3, 0.02 < 0.05/2, 0.04 < 0.05/1 → all three.
    const holm = pairs([0.04, 0.01, 0.02]);
    adjustTests([holm], "holm");
    expect(holm.map((t) => t.significant)).toEqual([true, true, true]);
    // …and stops at the first failure: 0.01 < 0.0167, 0.03 ≥ 0.025 → 0.04 is not tested further.
    const stop = pairs([0.01, 0.03, 0.04]);
    adjustTests([stop], "holm");
    expect(stop.map((t) => t.significant)).toEqual([true, false, false]);
  });

  it("Benjamini–Hochberg pools every row: the textbook eight p-values give two discoveries", () => {
    // Sorted p(k) against k·0.05/8: 0.001 ≤ 0.00625, 0.008 ≤ 0.0125, then 0.039 > 0.01875 and no
    // later p(k) is under its line either, so the largest k is 2.
    const a = pairs([0.039, 0.001, 0.06, 0.205]);
    const b = pairs([0.041, 0.008, 0.042, 0.074]);
    adjustTests([a, b], "bh");
    expect(a.filter((t) => t.significant).map((t) => t.p)).toEqual([0.001]);
    expect(b.filter((t) => t.significant).map((t) => t.p)).toEqual([0.008]);
  });

  it("leaves a pair with an expected count under 5 untested", () => {
    // pooled 5/100 = 0.05; the smaller column expects 40 × 0.05 = 2 choosers: too few.
    expect(minExpected({ count: 2, n: 40 }, { count: 3, n: 60 })).toBeCloseTo(2, 10);
    const r = rowPairs([
      { count: 2, n: 40 },
      { count: 3, n: 60 },
      { count: 30, n: 60 },
    ]);
    expect(r.lowExpected).toEqual([[0, 1]]);
    expect(r.tested.map((t) => [t.i, t.j])).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it("leaves a pair the caller calls not comparable untested", () => {
    const r = rowPairs(
      [
        { count: 60, n: 100 },
        { count: 30, n: 100 },
      ],
      () => false,
    );
    expect(r.notComparable).toEqual([[0, 1]]);
    expect(r.tested).toEqual([]);
  });
});
