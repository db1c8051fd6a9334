/**
 * The distributions an ordinal summary's intervals need: Student's t quantile (the mean's
 * interval) and the binomial ranks of a median's order-statistic interval. Pure arithmetic (the
 * site computes the same in the browser).
 */
import { logGamma } from "./log-gamma.ts";

/** The regularized incomplete beta I_x(a, b), by its continued fraction (Lentz's method). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  // why: the fraction converges fast only below the mean; above it use I_x(a,b) = 1 − I_{1−x}(b,a)
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let f = d;
  for (let m = 1; m <= 300; m++) {
    for (const numerator of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + numerator * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + numerator / c;
      if (Math.abs(c) < tiny) c = tiny;
      f *= c * d;
    }
    if (Math.abs(c * d - 1) < 1e-15) break;
  }
  return (front * f) / a;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The t quantile: the value with probability `p` below it (bisection on the CDF to 1e-12). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError(`tQuantile(${p}, ${df})`);
  let lo = -1e3;
  let hi = 1e3;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The ranks (1-based) of the order statistics bounding a distribution-free interval for the
 * median of `n` values: the largest `lower` with P(B ≤ lower − 1) ≤ α/2, B ~ Binomial(n, ½), and
 * `upper` = n + 1 − lower; `coverage` = 1 − 2·P(B ≤ lower − 1), at least 1 − α. Null when n is so
 * small that even the smallest and largest value cover less (n ≤ 5 at 95%).
 */
export function medianRanks(
  n: number,
  alpha = 0.05,
): { lower: number; upper: number; coverage: number } | null {
  // why: log space, so n in the thousands does not underflow 2^−n
  let logP = -n * Math.LN2; // P(B = 0)
  let cdf = Math.exp(logP);
  if (cdf > alpha / 2) return null;
  let k = 0;
  for (;;) {
    logP += Math.log((n - k) / (k + 1)); // P(B = k + 1) from P(B = k)
    const next = cdf + Math.exp(logP);
    if (next > alpha / 2) break;
    cdf = next;
    k++;
  }
  // P(B ≤ k) ≤ α/2 < P(B ≤ k + 1): lower − 1 = k
  return { lower: k + 1, upper: n - k, coverage: 1 - 2 * cdf };
}
