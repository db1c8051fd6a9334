/**
 * 95% interval for the difference of two proportions, p_b − p_a. Pure arithmetic (no Node or
 * DuckDB import): the CLI and the in-browser explorer get the same numbers.
 *
 * Independent columns: Newcombe's hybrid score interval, his method 10 (R. G. Newcombe, "Interval
 * estimation for the difference between independent proportions: comparison of eleven methods",
 * Statistics in Medicine 17, 1998, 873–890). Each proportion gets its Wilson score interval
 * [l, u] (no continuity correction); the difference's limits combine the distances from each
 * estimate to its own limits ("square and add"):
 *   L = d − √((p_b − l_b)² + (u_a − p_a)²),  U = d + √((u_b − p_b)² + (p_a − l_a)²),  d = p_b − p_a.
 * It stays inside [−1, 1], needs no zero-cell fix, and is what SPSS, Q and R's `PropCIs` offer
 * as Newcombe's interval.
 *
 * Overlapping columns (a multi-select banner: n_ab respondents in both bases, x_ab of them
 * choosing the row): the same limits with the estimates' correlation r subtracted, the MOVER form
 * for dependent estimates (G. Y. Zou and A. Donner, "Construction of confidence limits about
 * effect measures: a general approach", Statistics in Medicine 27, 2008, 1693–1702, eq. 8;
 * Newcombe's paired method 10 is the case n_ab = n_a = n_b):
 *   L = d − √((p_b − l_b)² + (u_a − p_a)² − 2r(p_b − l_b)(u_a − p_a)),  U likewise.
 * r is estimated from the overlap: cov(p_a, p_b) = n_ab·p_ab(1 − p_ab)/(n_a·n_b) (the shared
 * respondents' answers are the same in both columns; Kish, Survey Sampling, 1965, §12.4), over
 * √(p_a(1 − p_a)/n_a · p_b(1 − p_b)/n_b). With n_ab = 0, r = 0 and this is method 10 exactly.
 */
import { wilson } from "./wilson.ts";

/** A column's count choosing the row out of its base n. */
interface Share {
  count: number;
  n: number;
}

/** Respondents in both columns' bases (n) and how many of them chose the row (count). */
export interface Overlap {
  n: number;
  count: number;
}

export interface DifferenceInterval {
  /** p_b − p_a */
  difference: number;
  low: number;
  high: number;
  /** The estimated correlation of the two shares (0 for independent columns). */
  correlation: number;
}

/** The correlation of p_a and p_b through the respondents they share; 0 without overlap. */
export function overlapCorrelation(a: Share, b: Share, overlap?: Overlap): number {
  if (!overlap || overlap.n === 0) return 0;
  const [pa, pb, pab] = [a.count / a.n, b.count / b.n, overlap.count / overlap.n];
  const denominator = Math.sqrt(a.n * b.n * pa * (1 - pa) * pb * (1 - pb));
  if (denominator === 0) return 0;
  // why: estimates can stray a hair past ±1 on tiny tables; a correlation cannot
  return Math.max(-1, Math.min(1, (overlap.n * pab * (1 - pab)) / denominator));
}

/** Newcombe's hybrid score interval for p_b − p_a (method 10; MOVER with r when columns overlap). */
export function newcombe(a: Share, b: Share, overlap?: Overlap): DifferenceInterval {
  const pa = a.count / a.n;
  const pb = b.count / b.n;
  const wa = wilson(a.count, a.n);
  const wb = wilson(b.count, b.n);
  const r = overlapCorrelation(a, b, overlap);
  const d = pb - pa;
  // why: a limit's two distances, combined with the correlation subtracted (square and add)
  const combine = (x: number, y: number) => Math.sqrt(Math.max(0, x * x + y * y - 2 * r * x * y));
  return {
    difference: d,
    low: d - combine(pb - wb.low, wa.high - pa),
    high: d + combine(wb.high - pb, pa - wa.low),
    correlation: r,
  };
}
