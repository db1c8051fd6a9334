/**
 * Column tests of a banner table: which columns' shares differ, row by row. Pure arithmetic, no
 * Node or DuckDB import, so the in-browser explorer can bundle it and get the same letters.
 */

/** A column's count of respondents choosing the row's option, out of its base n. */
export interface Proportion {
  count: number;
  n: number;
}

/** Below this base a column's share is shown but never tested: the normal approximation is poor. */
export const MIN_BASE = 30;
/** Family-wise error rate of one row's tests. */
export const ALPHA = 0.05;

/** Smallest expected count (pooled) in a pair's 2×2 table for the z-test's normal approximation. */
export const MIN_EXPECTED = 5;

import type { Adjustment } from "./value-lists.ts";
// The corrections' names live with the other value lists the CLI reads (value-lists.ts).
export { ADJUSTMENTS, type Adjustment } from "./value-lists.ts";

const ADJUSTMENT_TEXT: Record<Adjustment, string> = {
  bonferroni: `Bonferroni-corrected within each row (significant when p < ${ALPHA} / pairs tested in that row)`,
  holm: `Holm-corrected within each row (step-down: the k-th smallest p of m pairs is compared with ${ALPHA} / (m − k + 1))`,
  bh: `Benjamini–Hochberg across the whole table (false discovery rate ${ALPHA})`,
};

const TREND_ADJUSTMENT_TEXT: Record<Adjustment, string> = {
  bonferroni: `Bonferroni-corrected over the table's trend tests`,
  holm: `Holm-corrected over the table's trend tests`,
  bh: `Benjamini–Hochberg over the table's trend tests`,
};

/** What a table's method says beyond the letters: overlapping columns, a trend across years. */
export interface MethodParts {
  /** Some tested pair shares respondents (a multi-select banner). */
  overlap?: boolean;
  /** The banner is the year: rows get a trend test. */
  byYear?: boolean;
}

/** The method in a few sentences, printed under every table and carried in the JSON. */
export const significanceMethod = (
  adjustment: Adjustment = "bonferroni",
  parts: MethodParts = {},
) =>
  `Two-sided pooled two-proportion z-test between every pair of columns with n ≥ ${MIN_BASE}, ` +
  `${ADJUSTMENT_TEXT[adjustment]}; a cell's letters name the columns it is significantly higher than. ` +
  `Columns with n < ${MIN_BASE} are marked small base and not tested; a pair whose smallest expected count ` +
  `is under ${MIN_EXPECTED} is not tested; nor is a pair of years across a break that affects the row. ` +
  `Each tested pair's difference (the later column's share minus the earlier's) has a 95% Newcombe ` +
  `hybrid score interval (method 10, from the two Wilson intervals).` +
  (parts.overlap
    ? ` Columns here share respondents (a multi-select banner, or a single one answered twice): a pair with n_ab respondents in both ` +
      `bases is tested with the dependent-proportions z, variance p(1 − p)(1/n_a + 1/n_b − 2·n_ab/(n_a·n_b)) ` +
      `with p pooled over distinct respondents (shared ones counted once), and its interval subtracts ` +
      `the two shares' correlation through the shared respondents (MOVER, Zou and Donner 2008).`
    : "") +
  (parts.byYear
    ? ` Trend: a Cochran–Armitage test with the year as score (1H 2020 = 2020) over each row's ` +
      `years where no break affecting the row lies between the first and the last (the same breaks ` +
      `as the letters: the whole 2022 sample carries its paid panel as one, its community part does ` +
      `not); where a break cuts them, over the longest unbroken run; at least three years, each ` +
      `with n ≥ ${MIN_BASE}; ${TREND_ADJUSTMENT_TEXT[adjustment]}.`
    : "");

/**
 * Complementary error function (Numerical Recipes' erfcc, Chebyshev fit): fractional error below
 * 1.2e-7 everywhere, so even the tiny p-values a Bonferroni threshold is compared with stay exact
 * enough. Math has no erf.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a standard normal statistic. */
export const twoSidedP = (z: number): number => Math.min(1, erfc(Math.abs(z) / Math.SQRT2));

/**
 * Pooled two-proportion z statistic of a against b. Pooled because the null hypothesis is that
 * both columns share one proportion; with none or all choosing in both columns there is no
 * variance and no difference, so z = 0.
 */
export function pooledZ(a: Proportion, b: Proportion): number {
  const pooled = (a.count + b.count) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  return se === 0 ? 0 : (a.count / a.n - b.count / b.n) / se;
}

/**
 * Respondents in both columns' bases (n) and how many of them chose the row (count); weighted,
 * their effective counterparts (crosstab-assembly.ts effectiveOverlap) with the people counted
 * kept in `respondents`.
 */
export interface PairOverlap {
  n: number;
  count: number;
  respondents?: number;
}

/**
 * The z statistic of a against b when the two columns share respondents (a multi-select banner):
 * the dependent-proportions ("overlapping samples") test SPSS, WinCross and Quantum (stat=z4)
 * offer. A shared respondent's answer counts in both shares, so p_a and p_b covary:
 * cov(p_a, p_b) = n_ab·σ²/(n_a·n_b) (L. Kish, Survey Sampling, Wiley 1965, §12.4, "overlapping
 * samples"). Under the null every respondent chooses with one probability p, so
 *   Var(p_a − p_b) = p(1 − p)·(1/n_a + 1/n_b − 2·n_ab/(n_a·n_b))
 * and p is pooled over the distinct respondents, the shared ones counted once:
 *   p = (x_a + x_b − x_ab) / (n_a + n_b − n_ab).
 * With no overlap this is pooledZ exactly; two identical columns have no variance and z = 0.
 */
export function overlapZ(a: Proportion, b: Proportion, overlap: PairOverlap): number {
  const pooled = (a.count + b.count - overlap.count) / (a.n + b.n - overlap.n);
  const factor = 1 / a.n + 1 / b.n - (2 * overlap.n) / (a.n * b.n);
  const se = Math.sqrt(Math.max(0, pooled * (1 - pooled) * factor));
  return se === 0 ? 0 : (a.count / a.n - b.count / b.n) / se;
}

/** The smallest expected count of a pair's 2×2 table under the null (pooled proportion). */
export function minExpected(a: Proportion, b: Proportion): number {
  const pooled = (a.count + b.count) / (a.n + b.n);
  return Math.min(a.n, b.n) * Math.min(pooled, 1 - pooled);
}

/** One pair of columns of a row that was tested: indexes into the row, z and two-sided p. */
export interface PairTest {
  i: number;
  j: number;
  z: number;
  p: number;
  significant: boolean;
  /** Respondents the two columns share (a multi-select banner): tested with overlapZ. */
  overlap?: PairOverlap;
}

/** A row's pairs: the ones tested and the ones left untested, with why. */
export interface RowPairs {
  smallBase: boolean[];
  tested: PairTest[];
  /** Well-based pairs whose smallest expected count is under MIN_EXPECTED. */
  lowExpected: [number, number][];
  /** Well-based pairs the caller says are not comparable (years across a break). */
  notComparable: [number, number][];
}

/** Which pairs of a row can be tested, and their z and p (not yet corrected). */
export function rowPairs(
  cells: Proportion[],
  comparable: (i: number, j: number) => boolean = () => true,
  minBase = MIN_BASE,
  overlap: (i: number, j: number) => PairOverlap | undefined = () => undefined,
): RowPairs {
  const smallBase = cells.map((c) => c.n < minBase);
  const out: RowPairs = { smallBase, tested: [], lowExpected: [], notComparable: [] };
  for (let i = 0; i < cells.length; i++)
    for (let j = i + 1; j < cells.length; j++) {
      if (smallBase[i] || smallBase[j]) continue;
      if (!comparable(i, j)) out.notComparable.push([i, j]);
      else if (minExpected(cells[i]!, cells[j]!) < MIN_EXPECTED) out.lowExpected.push([i, j]);
      else {
        const shared = overlap(i, j);
        const z = shared?.n
          ? overlapZ(cells[i]!, cells[j]!, shared)
          : pooledZ(cells[i]!, cells[j]!);
        out.tested.push({
          i,
          j,
          z,
          p: twoSidedP(z),
          significant: false,
          ...(shared?.n ? { overlap: shared } : {}),
        });
      }
    }
  return out;
}

/**
 * Marks which of the tests are significant. `rows` holds each row's tests: Bonferroni and Holm
 * correct within a row, Benjamini–Hochberg over every test of the table at once.
 */
export function adjustTests(
  rows: { p: number; significant: boolean }[][],
  adjustment: Adjustment,
  alpha = ALPHA,
): void {
  if (adjustment === "bh") {
    const all = rows.flat().sort((a, b) => a.p - b.p);
    // Step-up: the largest k with p(k) ≤ k·α/m; every test up to it is significant.
    let cut = -1;
    all.forEach((t, k) => {
      if (t.p <= ((k + 1) * alpha) / all.length) cut = k;
    });
    all.forEach((t, k) => (t.significant = k <= cut));
    return;
  }
  for (const tests of rows) {
    const m = tests.length;
    if (adjustment === "bonferroni") {
      for (const t of tests) t.significant = t.p < alpha / m;
      continue;
    }
    // Holm: step down from the smallest p; stop at the first that fails its threshold.
    const sorted = [...tests].sort((a, b) => a.p - b.p);
    for (const [k, t] of sorted.entries()) {
      if (!(t.p < alpha / (m - k))) break;
      t.significant = true;
    }
  }
}

/** For each column, the indexes of the columns it is significantly higher than. */
export function higherThan(columns: number, tests: PairTest[]): number[][] {
  const higher = Array.from({ length: columns }, (): number[] => []);
  for (const t of tests) if (t.significant) higher[t.z > 0 ? t.i : t.j]!.push(t.z > 0 ? t.j : t.i);
  for (const h of higher) h.sort((a, b) => a - b);
  return higher;
}

/** The outcome of one row's tests, indexed like the columns given. */
export interface RowTests {
  /** Columns with n < MIN_BASE: shown, not tested. */
  smallBase: boolean[];
  /** How many pairs were tested (the Bonferroni divisor). */
  pairsTested: number;
  /** The per-pair threshold, ALPHA / pairsTested; null when no pair could be tested. */
  threshold: number | null;
  /** For each column, the indexes of the columns it is significantly higher than. */
  higherThan: number[][];
}

/** Tests every pair of well-based columns of one row, Bonferroni-corrected over those pairs. */
export function testRow(cells: Proportion[], alpha = ALPHA, minBase = MIN_BASE): RowTests {
  const pairs = rowPairs(cells, undefined, minBase);
  adjustTests([pairs.tested], "bonferroni", alpha);
  return {
    smallBase: pairs.smallBase,
    pairsTested: pairs.tested.length,
    threshold: pairs.tested.length ? alpha / pairs.tested.length : null,
    higherThan: higherThan(cells.length, pairs.tested),
  };
}
