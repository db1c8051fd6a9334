/**
 * The `weights` command's result: a question's option shares in a weighted sample (or in both
 * parts of 2022's sample, each weighted to the same targets, with their differences), every
 * weighted figure with n_eff and the design effect, and intervals and tests on n_eff.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { newcombe } from "./newcombe.ts";
import { pooledZ, twoSidedP } from "./significance.ts";
import type { WeightSample } from "./value-lists.ts";
import {
  weightedOptionShares,
  weightSample,
  type WeightingSpec,
  type WeightTarget,
} from "./weights-targets.ts";
import type { Margin, RakeOptions, WeightingResult } from "./weights.ts";

export interface WeightedTableSpec {
  question: string;
  year: number;
  sample: WeightSample;
  by: string[];
  target: WeightTarget;
  options?: RakeOptions;
}

export interface WeightingSummary extends Omit<WeightingResult, "weights"> {
  sample: string;
  margins: Margin[];
}

export interface WeightedRow {
  sample: string;
  option: string;
  count: number;
  n: number;
  share: number;
  weighted_share: number;
  /** 95% Wilson interval on n_eff. */
  low: number;
  high: number;
  n_eff: number;
  design_effect: number;
}

/** panel − community for one option, weighted: Newcombe's interval and a pooled z-test on n_eff. */
export interface WeightedDifference {
  option: string;
  unweighted: number;
  weighted: number;
  low: number;
  high: number;
  z: number;
  p: number;
}

export interface WeightedTable {
  question: string;
  year: number;
  target: string;
  weighting: WeightingSummary[];
  rows: WeightedRow[];
  differences: WeightedDifference[];
  /** respondent weights, per sample part, for --weights-out. */
  weights: { sample: string; respondent: number; weight: number }[];
  notes: string[];
}

export const WEIGHTED_NOTES = [
  "Weighted shares: respondents raked (iterative proportional fitting) to the target margins; each interval is Wilson's on the base's effective n (n_eff = (Σw)²/Σw²), each test a pooled z-test on n_eff.",
  "A respondent who did not answer a weighting question keeps weight 1 and is left out of the fitting.",
  "The samples are self-selected: weighting matches the targets on the weighting variables only, and intervals describe sampling variation under simple random sampling only.",
];

export async function computeWeightedTable(
  conn: DuckDBConnection,
  spec: WeightedTableSpec,
): Promise<WeightedTable> {
  const parts = spec.sample === "parts" ? (["community", "panel"] as const) : [spec.sample];
  const weighting: WeightingSummary[] = [];
  const rows: WeightedRow[] = [];
  const weights: WeightedTable["weights"] = [];
  const byPart = new Map<string, WeightedRow[]>();
  for (const sample of parts) {
    const ws: WeightingSpec = { ...spec, sample };
    const w = await weightSample(conn, ws);
    const { weights: _, ...result } = w.result;
    weighting.push({ sample, margins: w.margins, ...result });
    for (const [respondent, weight] of w.weights) weights.push({ sample, respondent, weight });
    const partRows = (await weightedOptionShares(conn, spec.question, w)).map((r) => ({
      sample,
      option: r.option,
      count: r.count,
      n: r.n,
      share: r.share,
      weighted_share: r.weighted.share,
      low: r.weighted.low,
      high: r.weighted.high,
      n_eff: r.weighted.nEff,
      design_effect: r.weighted.designEffect,
    }));
    byPart.set(sample, partRows);
    rows.push(...partRows);
  }
  const differences: WeightedDifference[] = [];
  if (spec.sample === "parts") {
    const community = byPart.get("community")!;
    const panel = byPart.get("panel")!;
    community.forEach((c, i) => {
      const p = panel[i]!;
      // why: a weighted share on n_eff behaves like count p·n_eff of n_eff under SRS
      const a = { count: c.weighted_share * c.n_eff, n: c.n_eff };
      const b = { count: p.weighted_share * p.n_eff, n: p.n_eff };
      const d = newcombe(a, b);
      const z = pooledZ(b, a);
      differences.push({
        option: c.option,
        unweighted: p.share - c.share,
        weighted: d.difference,
        low: d.low,
        high: d.high,
        z,
        p: twoSidedP(z),
      });
    });
  }
  const target =
    "file" in spec.target ? spec.target.file : `${spec.target.year} (${spec.target.sample})`;
  return {
    question: spec.question,
    year: spec.year,
    target,
    weighting,
    rows,
    differences,
    weights,
    notes: WEIGHTED_NOTES,
  };
}
