/**
 * The arithmetic of the response-quality checks (`kube-census quality`): rank correlation,
 * chi-square tests of independence and their effect sizes. Pure functions, no DuckDB, so each is
 * tested on numbers worked by hand.
 */
import { logGamma } from "./log-gamma.ts";

/** Ranks of `xs` from 1, ties sharing the mean of the ranks they span (Spearman's convention). */
export function averageRanks(xs: number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const mean = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = mean;
    i = j + 1;
  }
  return ranks;
}

/** Pearson's correlation; null when either variable does not vary (no correlation is defined). */
export function pearson(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  if (n !== ys.length) throw new Error(`pearson: ${n} x values against ${ys.length} y values`);
  if (n < 2) return null;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rho: Pearson's correlation of the average ranks (exact with ties). */
export const spearman = (xs: number[], ys: number[]): number | null =>
  pearson(averageRanks(xs), averageRanks(ys));

/**
 * Upper regularized incomplete gamma Q(a, x) (Numerical Recipes' gammq: the series below a + 1,
 * the continued fraction above, where each converges fast).
 */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-15; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return Math.max(0, 1 - sum * front);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, front * h);
}

/** P(χ² with `df` degrees of freedom ≥ `statistic`). */
export const chiSquareP = (statistic: number, df: number): number =>
  df <= 0 ? 1 : gammaQ(df / 2, statistic / 2);

export interface ChiSquare {
  statistic: number;
  df: number;
  p: number;
  /** Cramér's V = √(χ² / (N · (min(rows, columns) − 1))): 0 none, 1 complete association. */
  cramersV: number;
  n: number;
  /** Some expected count is under 5: the χ² approximation is rough there. */
  sparse: boolean;
}

/**
 * Pearson's χ² test of independence of a contingency table (rows = groups, columns = answers).
 * Rows and columns with no count at all carry no information and are dropped first, so an option
 * nobody chose does not add a degree of freedom.
 */
export function chiSquareTest(table: number[][]): ChiSquare {
  const rows = table.filter((r) => r.some((x) => x > 0));
  const width = Math.max(0, ...rows.map((r) => r.length));
  const keep = [...Array(width).keys()].filter((j) => rows.some((r) => (r[j] ?? 0) > 0));
  const t = rows.map((r) => keep.map((j) => r[j] ?? 0));
  const rowSums = t.map((r) => r.reduce((s, x) => s + x, 0));
  const colSums = keep.map((_, j) => t.reduce((s, r) => s + r[j]!, 0));
  const n = rowSums.reduce((s, x) => s + x, 0);
  let statistic = 0;
  let sparse = false;
  for (let i = 0; i < t.length; i++)
    for (let j = 0; j < keep.length; j++) {
      const expected = (rowSums[i]! * colSums[j]!) / n;
      if (expected < 5) sparse = true;
      statistic += (t[i]![j]! - expected) ** 2 / expected;
    }
  const df = (t.length - 1) * (keep.length - 1);
  const k = Math.min(t.length, keep.length) - 1;
  return {
    statistic: df > 0 ? statistic : 0,
    df: Math.max(0, df),
    p: df > 0 ? chiSquareP(statistic, df) : 1,
    cramersV: df > 0 && k > 0 ? Math.sqrt(statistic / (n * k)) : 0,
    n,
    sparse: df > 0 && sparse,
  };
}
