/**
 * The Cochran–Armitage test for a linear trend in a proportion across ordered groups — here the
 * survey years, scored by the year itself. Pure arithmetic (no Node or DuckDB import).
 *
 * With groups i of n_i respondents, r_i of them choosing, scores s_i, N = Σn_i, p̄ = Σr_i / N and
 * s̄ = Σn_i·s_i / N (P. Armitage, "Tests for linear trends in proportions and frequencies",
 * Biometrics 11, 1955, 375–386; the form of R's `prop.trend.test`):
 *   T = Σ r_i (s_i − s̄),   Var(T) = p̄(1 − p̄) Σ n_i (s_i − s̄)²,   z = T / √Var(T)
 * two-sided p from the normal. z² is the 1-df trend chi-square; z > 0: the share rises with the
 * score. slope = T / Σ n_i (s_i − s̄)² is the weighted least-squares line's change in the share per
 * unit of score (per year), the size of the trend the test is about.
 */
import { twoSidedP } from "./significance.ts";

export interface TrendGroup {
  score: number;
  count: number;
  n: number;
}

export interface TrendTest {
  z: number;
  p: number;
  /** Change in the share per unit of score (a year), from the weighted least-squares line. */
  slope: number;
  direction: "up" | "down" | "flat";
}

/** The Cochran–Armitage trend test over the groups (at least two distinct scores with n > 0). */
export function cochranArmitage(groups: TrendGroup[]): TrendTest {
  const used = groups.filter((g) => g.n > 0);
  const N = used.reduce((s, g) => s + g.n, 0);
  const R = used.reduce((s, g) => s + g.count, 0);
  if (N === 0) throw new Error("cochranArmitage: no respondent in any group");
  const mean = used.reduce((s, g) => s + g.n * g.score, 0) / N;
  const T = used.reduce((s, g) => s + g.count * (g.score - mean), 0);
  const spread = used.reduce((s, g) => s + g.n * (g.score - mean) ** 2, 0);
  if (spread === 0) throw new Error("cochranArmitage: every group has the same score");
  const pooled = R / N;
  const variance = pooled * (1 - pooled) * spread;
  // why: nobody or everybody choosing in every group is no trend at all
  const z = variance === 0 ? 0 : T / Math.sqrt(variance);
  return {
    z,
    p: twoSidedP(z),
    slope: T / spread,
    direction: z > 0 ? "up" : z < 0 ? "down" : "flat",
  };
}
