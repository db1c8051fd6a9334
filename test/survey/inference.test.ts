import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assembleCrosstab, type CrosstabCount } from "../../src/survey/crosstab-assembly.ts";
import { newcombe, overlapCorrelation } from "../../src/survey/newcombe.ts";
import { overlapZ, pooledZ, twoSidedP } from "../../src/survey/significance.ts";
import { cochranArmitage } from "../../src/survey/trend.ts";
import { wilson } from "../../src/survey/wilson.ts";
import { fixture } from "../support/fixtures.ts";

/**
 * Inference on change, worked by hand (test/fixtures/stats/README.md has the same numbers), then
 * against published values (Newcombe 1998, Table II; R's ?prop.trend.test), then against an
 * independent Python implementation (test/fixtures/stats/inference.py, its output committed).
 */

describe("Newcombe's hybrid score interval (method 10), by hand", () => {
  /**
   * a = 20/50 (40%), b = 30/50 (60%), z = 1.959964, z² = 3.841459.
   * Wilson, a: 1 + z²/n = 1.0768292; centre = (0.4 + 3.841459/100)/1.0768292 = 0.4071348;
   *   half = (1.959964/1.0768292)·√(0.4·0.6/50 + 3.841459/10000) = 1.820126·0.0720010 = 0.1310509
   *   → [0.2760839, 0.5381856]. b is its mirror image: [0.4618144, 0.7239161].
   * d = 0.6 − 0.4 = 0.2.
   *   L = 0.2 − √((0.6 − 0.4618144)² + (0.5381856 − 0.4)²) = 0.2 − √(0.1381856² + 0.1381856²)
   *     = 0.2 − 0.1954240 = 0.0045760
   *   U = 0.2 + √((0.7239161 − 0.6)² + (0.4 − 0.2760839)²) = 0.2 + √(2·0.1239161²)
   *     = 0.2 + 0.1752438 = 0.3752438
   * The pooled z-test agrees: p̂ = 0.5, SE = √(0.25·0.04) = 0.1, z = −2.0, p = 0.0455 < 0.05, and
   * the interval just excludes 0.
   */
  it("reproduces the hand-worked limits", () => {
    const a = wilson(20, 50);
    expect(a.low).toBeCloseTo(0.2760839, 6);
    expect(a.high).toBeCloseTo(0.5381856, 6);
    const d = newcombe({ count: 20, n: 50 }, { count: 30, n: 50 });
    expect(d.difference).toBeCloseTo(0.2, 12);
    expect(d.low).toBeCloseTo(0.004576, 6);
    expect(d.high).toBeCloseTo(0.3752438, 6);
    expect(d.correlation).toBe(0);
    expect(pooledZ({ count: 20, n: 50 }, { count: 30, n: 50 })).toBeCloseTo(-2, 10);
  });

  it("gives Newcombe's own method-10 limits (Statistics in Medicine 1998, Table II)", () => {
    // [b count, b n, a count, a n, lower, upper] for b − a, as the paper prints them (4 decimals)
    const TABLE_II: [number, number, number, number, number, number][] = [
      [56, 70, 48, 80, 0.0524, 0.3339],
      [9, 10, 3, 10, 0.1705, 0.809],
      [6, 7, 2, 7, 0.0582, 0.8062],
      [5, 56, 0, 29, -0.0381, 0.1926],
      [0, 10, 0, 20, -0.1611, 0.2775],
      [10, 10, 0, 20, 0.6791, 1.0],
    ];
    for (const [xb, nb, xa, na, low, high] of TABLE_II) {
      const d = newcombe({ count: xa, n: na }, { count: xb, n: nb });
      expect(d.low, `${xb}/${nb} − ${xa}/${na}`).toBeCloseTo(low, 4);
      expect(d.high, `${xb}/${nb} − ${xa}/${na}`).toBeCloseTo(high, 4);
    }
  });
});

describe("overlapping columns (a multi-select banner), by hand", () => {
  /**
   * a = 60/100 (60%), b = 36/80 (45%); 40 respondents sit in both columns, 20 of them chose.
   * Test: p pooled over the 140 distinct respondents = (60 + 36 − 20)/(100 + 80 − 40) = 76/140
   *   = 0.5428571; factor = 1/100 + 1/80 − 2·40/(100·80) = 0.01 + 0.0125 − 0.01 = 0.0125;
   *   SE = √(0.5428571·0.4571429·0.0125) = 0.0556962; z = 0.15/0.0556962 = 2.6932, p = 0.00708.
   *   Treated as independent (pooledZ): p̂ = 96/180, SE = √(0.5333·0.4667·0.0225) = 0.0748331,
   *   z = 2.0045, p = 0.0450 — the shared respondents make the columns move together, so the
   *   same difference is less likely to be noise.
   * Interval: cov = 40·0.5·0.5/(100·80) = 0.00125; sd = √(0.6·0.4/100 · 0.45·0.55/80) = 0.0027249;
   *   r = 0.458735. Wilson: a [0.5020026, 0.6905987], b [0.3457769, 0.5588049]; d = −0.15.
   *   L = −0.15 − √(0.1042231² + 0.0905987² − 2·0.458735·0.1042231·0.0905987) = −0.15 − 0.1020166
   *     = −0.2520166
   *   U = −0.15 + √(0.1088049² + 0.0979974² − 2·0.458735·0.1088049·0.0979974) = −0.0420213
   *   (independent, r = 0: −0.2880963 to −0.0035691, nearly twice as wide).
   */
  const a = { count: 60, n: 100 };
  const b = { count: 36, n: 80 };
  const shared = { n: 40, count: 20 };

  it("reproduces the hand-worked test", () => {
    expect(overlapZ(a, b, shared)).toBeCloseTo(2.693193, 5);
    expect(twoSidedP(overlapZ(a, b, shared))).toBeCloseTo(0.0070771, 6);
    expect(pooledZ(a, b)).toBeCloseTo(2.004459, 5);
    // no overlap: exactly the pooled test
    expect(overlapZ(a, b, { n: 0, count: 0 })).toBe(pooledZ(a, b));
    // the same respondents in both columns: no variance, no difference
    expect(overlapZ(a, a, { n: 100, count: 60 })).toBe(0);
  });

  it("reproduces the hand-worked interval", () => {
    expect(overlapCorrelation(a, b, shared)).toBeCloseTo(0.458735, 6);
    const d = newcombe(a, b, shared);
    expect(d.low).toBeCloseTo(-0.2520166, 6);
    expect(d.high).toBeCloseTo(-0.0420213, 6);
    const independent = newcombe(a, b);
    expect(independent.low).toBeCloseTo(-0.2880963, 6);
    expect(independent.high).toBeCloseTo(-0.0035691, 6);
  });
});

describe("Cochran–Armitage trend test, by hand", () => {
  /**
   * 2018: 10/50, 2019: 15/50, 2020: 20/50 (20%, 30%, 40%). N = 150, p̄ = 45/150 = 0.3,
   * s̄ = 2019. T = 10·(−1) + 15·0 + 20·(+1) = 10; Σn(s − s̄)² = 50 + 0 + 50 = 100;
   * Var(T) = 0.3·0.7·100 = 21; z = 10/√21 = 2.1822, p = 0.02910; slope = 10/100 = 0.1 a year
   * (the shares rise exactly ten points a year).
   */
  it("reproduces the hand-worked statistic", () => {
    const t = cochranArmitage([
      { score: 2018, count: 10, n: 50 },
      { score: 2019, count: 15, n: 50 },
      { score: 2020, count: 20, n: 50 },
    ]);
    expect(t.z).toBeCloseTo(2.182179, 5);
    expect(t.p).toBeCloseTo(0.0290963, 6);
    expect(t.slope).toBeCloseTo(0.1, 12);
    expect(t.direction).toBe("up");
  });

  it("gives R's prop.trend.test example (X-squared = 8.2249, p-value = 0.004132)", () => {
    const smokers = [83, 90, 129, 70];
    const patients = [86, 93, 136, 82];
    const t = cochranArmitage(
      smokers.map((count, i) => ({ score: i + 1, count, n: patients[i]! })),
    );
    expect(t.z ** 2).toBeCloseTo(8.2249, 4);
    expect(t.p).toBeCloseTo(0.004132, 6);
    expect(t.direction).toBe("down");
  });

  it("is flat when the share does not move, and refuses a single score", () => {
    const flat = [2018, 2019, 2020].map((score) => ({ score, count: 30, n: 100 }));
    expect(cochranArmitage(flat)).toMatchObject({ z: 0, p: 1, slope: 0, direction: "flat" });
    expect(() => cochranArmitage([{ score: 2019, count: 3, n: 10 }])).toThrow(/same score/);
  });
});

/** The Python script's output, committed beside it (test/fixtures/stats/inference.py). */
interface PythonOutput {
  z: number;
  wilson: { count: number; n: number; low: number; high: number }[];
  differences: {
    a: { count: number; n: number };
    b: { count: number; n: number };
    difference: number;
    low: number;
    high: number;
    z: number;
    p: number;
  }[];
  overlaps: {
    a: { count: number; n: number };
    b: { count: number; n: number };
    overlap: { count: number; n: number };
    interval: { difference: number; low: number; high: number; correlation: number };
    test: { z: number; p: number };
  }[];
  trends: {
    groups: { score: number; count: number; n: number }[];
    z: number;
    p: number;
    slope: number;
  }[];
}

describe("against the independent Python implementation", () => {
  const py = JSON.parse(readFileSync(fixture("stats/inference.json"), "utf8")) as PythonOutput;
  // why: the TypeScript's erfc is a Chebyshev fit, relative error under 1.2e-7
  const closeP = (actual: number, expected: number) =>
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(2e-7 * expected + 1e-12);

  it("has every case in it", () => {
    expect(py.differences.length).toBeGreaterThanOrEqual(9);
    expect(py.overlaps.length).toBeGreaterThanOrEqual(5);
    expect(py.trends.length).toBeGreaterThanOrEqual(4);
  });

  it("agrees on Wilson intervals", () => {
    for (const w of py.wilson) {
      const ts = wilson(w.count, w.n);
      expect(ts.low).toBeCloseTo(w.low, 12);
      expect(ts.high).toBeCloseTo(w.high, 12);
    }
  });

  it("agrees on Newcombe intervals and the pooled z-test", () => {
    for (const c of py.differences) {
      const ts = newcombe(c.a, c.b);
      expect(ts.difference).toBeCloseTo(c.difference, 12);
      expect(ts.low, JSON.stringify(c)).toBeCloseTo(c.low, 12);
      expect(ts.high, JSON.stringify(c)).toBeCloseTo(c.high, 12);
      expect(pooledZ(c.a, c.b)).toBeCloseTo(c.z, 10);
      closeP(twoSidedP(pooledZ(c.a, c.b)), c.p);
    }
  });

  it("agrees on the overlap-aware test and interval", () => {
    for (const c of py.overlaps) {
      const ts = newcombe(c.a, c.b, c.overlap);
      expect(ts.correlation).toBeCloseTo(c.interval.correlation, 12);
      expect(ts.low, JSON.stringify(c)).toBeCloseTo(c.interval.low, 12);
      expect(ts.high, JSON.stringify(c)).toBeCloseTo(c.interval.high, 12);
      expect(overlapZ(c.a, c.b, c.overlap)).toBeCloseTo(c.test.z, 10);
      closeP(twoSidedP(overlapZ(c.a, c.b, c.overlap)), c.test.p);
    }
  });

  it("agrees on Cochran–Armitage", () => {
    for (const c of py.trends) {
      const ts = cochranArmitage(c.groups);
      expect(ts.z).toBeCloseTo(c.z, 10);
      expect(ts.slope).toBeCloseTo(c.slope, 12);
      closeP(ts.p, c.p);
    }
  });
});

describe("the cross-tab's differences and trends", () => {
  /** A by-year row: [year, count, n] per column. */
  const byYear = (option: string, cells: [number, number, number][]): CrosstabCount[] =>
    cells.map(([year, count, n]) => ({
      year,
      column: String(year),
      option,
      level: null,
      n,
      count,
    }));
  const YEARS = [2018, 2019, 2020, 2022];

  it("gives each tested pair its interval, later minus earlier, with the letters' verdict", () => {
    const t = assembleCrosstab(
      byYear("Security", [
        [2018, 20, 50],
        [2019, 30, 50],
        [2020, 15, 20],
      ]),
      { columns: ["2018", "2019", "2020"], options: ["Security"], byYear: true },
    );
    // 2020's base is 20 < 30: not tested, so one pair only (the hand-worked 20/50 → 30/50)
    expect(t.differences).toEqual([
      {
        year: null,
        option: "Security",
        level: null,
        a: "A",
        b: "B",
        difference: 0.2,
        ci_low: 0.0046,
        ci_high: 0.3752,
        z: 2,
        p: 0.0455,
        significant: true,
        overlap: 0,
      },
    ]);
  });

  it("tests a trend over the longest unbroken run of years, and says what it left out", () => {
    const counts = byYear("Security", [
      [2018, 10, 50],
      [2019, 15, 50],
      [2020, 20, 50],
      [2022, 5, 50],
    ]);
    const order = { columns: YEARS.map(String), options: ["Security"], byYear: true };
    // a break (number 7) between 2020 and 2022 affecting every row
    const cut = assembleCrosstab(counts, {
      ...order,
      breaksBetween: (_o, _l, from, to) => (from < 2022 && to >= 2022 ? [7] : []),
    });
    expect(cut.trends).toEqual([
      expect.objectContaining({
        years: [2018, 2019, 2020],
        z: 2.1822,
        p: 0.0291,
        slope: 0.1,
        direction: "up",
        breaks: [7],
        not_tested: null,
      }),
    ]);
    // no break: all four years; 2022's drop pulls the line down to flat-ish
    const whole = assembleCrosstab(counts, order);
    expect(whole.trends[0]).toMatchObject({ years: YEARS, not_tested: null, breaks: [] });
    // a break between every pair of years: no run of three
    const broken = assembleCrosstab(counts, {
      ...order,
      breaksBetween: (_o, _l, f, t) => (f < t ? [1] : []),
    });
    expect(broken.trends[0]).toMatchObject({ z: null, p: null, not_tested: "break", breaks: [1] });
  });

  it("refuses a trend over two years or a small base", () => {
    const two = assembleCrosstab(
      byYear("Security", [
        [2018, 10, 50],
        [2019, 15, 50],
      ]),
      { columns: ["2018", "2019"], options: ["Security"], byYear: true },
    );
    expect(two.trends[0]).toMatchObject({ not_tested: "years", years: [2018, 2019], p: null });
    const small = assembleCrosstab(
      byYear("Security", [
        [2018, 10, 50],
        [2019, 5, 20],
        [2020, 20, 50],
      ]),
      { columns: ["2018", "2019", "2020"], options: ["Security"], byYear: true },
    );
    expect(small.trends[0]).toMatchObject({ not_tested: "small_base", p: null });
    // a small base cut off by a break does not stop the run after it
    const outside = assembleCrosstab(
      byYear("Security", [
        [2018, 5, 20],
        [2019, 10, 50],
        [2020, 15, 50],
        [2022, 20, 50],
      ]),
      {
        columns: YEARS.map(String),
        options: ["Security"],
        byYear: true,
        breaksBetween: (_o, _l, from, to) => (from < 2019 && to >= 2019 ? [3] : []),
      },
    );
    expect(outside.trends[0]).toMatchObject({
      years: [2019, 2020, 2022],
      not_tested: null,
      breaks: [3],
      direction: "up",
    });
  });

  it("tests overlapping columns with the overlap, and reports how many they share", () => {
    const cells: CrosstabCount[] = [
      { year: 2019, column: "Architect", option: "1", level: null, n: 100, count: 60 },
      { year: 2019, column: "DevOps", option: "1", level: null, n: 80, count: 36 },
    ];
    const order = { columns: ["Architect", "DevOps"], options: ["1"], byYear: false };
    const t = assembleCrosstab(cells, {
      ...order,
      overlap: (year, option, level, a, b) =>
        year === 2019 && option === "1" && level === null && a === "Architect" && b === "DevOps"
          ? { n: 40, count: 20 }
          : undefined,
    });
    expect(t.differences[0]).toMatchObject({
      year: 2019,
      a: "A",
      b: "B",
      difference: -0.15,
      ci_low: -0.252,
      ci_high: -0.042,
      z: -2.6932,
      p: 0.007077,
      significant: true,
      overlap: 40,
    });
    expect(t.rows.find((c) => c.column === "Architect")!.higher_than).toEqual(["B"]);
    // the same counts as independent columns: p = 0.045, one pair, significant but less so
    const independent = assembleCrosstab(cells, order);
    expect(independent.differences[0]).toMatchObject({ p: 0.04502, overlap: 0, ci_low: -0.2881 });
  });
});
