/**
 * Weighted ordinal summaries (`crosstab --summary --weight`): the mean, median and net score of one
 * year and column from the weighted cross-tab's own cells — per scale point Σw and Σw² of those who
 * gave it — so the weights are exactly the cells' (raked once, in crosstab-weights.ts). Inference
 * runs on the effective n of the respondents on the scale, n_eff = (Σw)²/Σw² (Kish), as the
 * weighted cross-tab's intervals do. Pure (no Node or DuckDB import).
 */
import { medianRanks, tQuantile } from "./ordinal-stats.ts";
import type { OrdinalScale, OrdinalSummaryRow } from "./ordinal-summary.ts";

export const WEIGHTED_MEAN_DEFINITION =
  "weighted mean Σw·x / Σw of each respondent's stated number (the midpoint of their bucket), w the cross-tab's weight; " +
  "weighted sd s = √(Σw(x − mean)² / Σw × n_eff / (n_eff − 1)); 95% interval mean ± t(0.975, n_eff − 1) × s / √n_eff, " +
  "n_eff = (Σw)²/Σw² over the respondents on the scale";
export const WEIGHTED_MEDIAN_DEFINITION =
  "the bucket where the weighted cumulative share reaches ½ (two buckets when it is exactly ½ at a bucket's end); " +
  "95% interval: the order-statistic rule applied to m = ⌊n_eff⌋ — ranks l and m + 1 − l, l the largest with " +
  "P(Binomial(m, ½) ≤ l − 1) ≤ 2.5% — read as the buckets where the weighted cumulative share reaches l/m and " +
  "(m + 1 − l)/m; its coverage (stated per row) is that of m unweighted values, an approximation";
export const WEIGHTED_NET_SCORE_DEFINITION =
  "weighted share in the top-2 box minus weighted share in the bottom-2 box of one scale version, in points; " +
  "95% interval ± 1.96 × √((top + bottom − score²) / n_eff), the multinomial variance on the effective n " +
  "(top and bottom stay the unweighted counts)";

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

// why: Σw are sums of doubles (rounded to 4 decimals in the cells): a share meant to be exactly ½
// must not miss it by a rounding error
const EPSILON = 1e-6;

/**
 * The point where the weighted cumulative share first reaches `share` (exceeds it, `strict`),
 * within `tolerance`.
 */
function pointAtShare(
  scale: OrdinalScale,
  sums: number[],
  total: number,
  share: number,
  tolerance: number,
  strict = false,
): string {
  let seen = 0;
  for (let i = 0; i < sums.length; i++) {
    seen += sums[i]!;
    const s = seen / total;
    if (strict ? s > share + tolerance : s >= share - tolerance) return scale.points[i]!.option;
  }
  return scale.points[scale.points.length - 1]!.option;
}

/**
 * The summaries of one year and column from, per scale point (lowest first), the unweighted count,
 * Σw and Σw² of the respondents who gave it. `tolerance`: how near a cumulative share must come to
 * a rank's share to reach it — EPSILON for Σw of doubles; 0 for whole counts (summariseCounts:
 * every weight 1), where seen/n and rank/n are exact quotients of integers and any tolerance
 * would move a rank once n·tolerance ≥ ½.
 */
export function summariseWeighted(
  scale: OrdinalScale,
  counts: number[],
  sums: number[],
  squares: number[],
  tolerance = EPSILON,
): Omit<OrdinalSummaryRow, "year" | "column" | "letter" | "left_out" | "breaks"> {
  const n = counts.reduce((a, b) => a + b, 0);
  const total = sums.reduce((a, b) => a + b, 0);
  const sq = squares.reduce((a, b) => a + b, 0);
  const nEff = sq > 0 ? (total * total) / sq : 0;
  const row: Omit<OrdinalSummaryRow, "year" | "column" | "letter" | "left_out" | "breaks"> = {
    scale: scale.name,
    n,
    weighted_n: round(total, 4),
    n_eff: round(nEff, 4),
    // why: as the weighted cross-tab's bases: small on the effective n
    small_base: nEff < 30,
    mean: null,
    sd: null,
    mean_ci_low: null,
    mean_ci_high: null,
    median_low: null,
    median_high: null,
    median_ci_low: null,
    median_ci_high: null,
    median_ci_coverage: null,
  };
  const values = scale.points.map((p) => p.midpoint);
  if (total > 0 && values.every((v) => v !== null)) {
    const mean = sums.reduce((s, w, i) => s + w * values[i]!, 0) / total;
    row.mean = round(mean, 4);
    if (nEff > 1) {
      // why: Σw(x − mean)² / Σw × n_eff/(n_eff − 1), written as / (Σw − Σw²/Σw) so that with every
      // weight 1 it is Σ(x − mean)² / (n − 1) to the last bit (Σw²/Σw = 1 exactly), the unweighted sd
      const variance =
        sums.reduce((s, w, i) => s + w * (values[i]! - mean) ** 2, 0) / (total - sq / total);
      const sd = Math.sqrt(variance);
      const half = tQuantile(0.975, nEff - 1) * (sd / Math.sqrt(nEff));
      row.sd = round(sd, 4);
      row.mean_ci_low = round(mean - half, 4);
      row.mean_ci_high = round(mean + half, 4);
    }
  }
  if (total > 0) {
    row.median_low = pointAtShare(scale, sums, total, 0.5, tolerance);
    row.median_high = pointAtShare(scale, sums, total, 0.5, tolerance, true);
    const m = Math.floor(nEff + tolerance);
    const ranks = m > 0 ? medianRanks(m) : null;
    if (ranks) {
      row.median_ci_low = pointAtShare(scale, sums, total, ranks.lower / m, tolerance);
      row.median_ci_high = pointAtShare(scale, sums, total, ranks.upper / m, tolerance);
      row.median_ci_coverage = round(ranks.coverage, 4);
    }
  }
  if (scale.points.some((p) => p.box)) {
    const box = (b: "top" | "bottom", of: number[]) =>
      of.reduce((s, x, i) => s + (scale.points[i]!.box === b ? x : 0), 0);
    const t = total > 0 ? box("top", sums) / total : 0;
    const b = total > 0 ? box("bottom", sums) / total : 0;
    const d = t - b;
    const ok = total > 0 && nEff > 0;
    const half = ok ? 1.96 * Math.sqrt(Math.max(0, t + b - d * d) / nEff) : 0;
    row.net_score = {
      top: box("top", counts),
      bottom: box("bottom", counts),
      score: ok ? round(100 * d, 4) : null,
      ci_low: ok ? round(100 * (d - half), 4) : null,
      ci_high: ok ? round(100 * (d + half), 4) : null,
    };
  }
  return row;
}
