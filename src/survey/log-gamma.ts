/**
 * ln Γ(x), the one special function both the ordinal summaries' t and binomial distributions
 * (ordinal-stats.ts) and the quality checks' χ² p-values (quality-stats.ts) need. Lanczos'
 * approximation, g = 7, 9 terms: about 15 significant digits for x > 0 (ln n! to 1e-14 for
 * n ≤ 30 in test/survey/log-gamma.test.ts). Pure arithmetic (the site computes the same in the
 * browser).
 */
export function logGamma(x: number): number {
  const c = [
    0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531,
    -176.6150291621406, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6,
    1.5056327351493116e-7,
  ];
  // why: the series is accurate for x ≥ ½; below, the reflection Γ(x)Γ(1 − x) = π / sin(πx)
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
