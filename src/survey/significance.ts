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

/** The method in one sentence, printed under every table and carried in the JSON. */
export const SIGNIFICANCE_METHOD =
  `Two-sided pooled two-proportion z-test between every pair of columns with n ≥ ${MIN_BASE}, ` +
  `Bonferroni-corrected within each row (significant when p < ${ALPHA} / pairs tested in that row); ` +
  `a cell's letters name the columns it is significantly higher than. ` +
  `Columns with n < ${MIN_BASE} are marked small base and not tested.`;

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
  const smallBase = cells.map((c) => c.n < minBase);
  const pairs: [number, number][] = [];
  for (let i = 0; i < cells.length; i++)
    for (let j = i + 1; j < cells.length; j++)
      if (!smallBase[i] && !smallBase[j]) pairs.push([i, j]);
  const threshold = pairs.length ? alpha / pairs.length : null;
  const higherThan = cells.map((): number[] => []);
  for (const [i, j] of pairs) {
    const z = pooledZ(cells[i]!, cells[j]!);
    if (twoSidedP(z) < threshold!) higherThan[z > 0 ? i : j]!.push(z > 0 ? j : i);
  }
  for (const h of higherThan) h.sort((a, b) => a - b);
  return { smallBase, pairsTested: pairs.length, threshold, higherThan };
}
