/**
 * What a weighted cross-tab says about its weights: the request (`CrosstabSpec.weight`), the
 * summary of each year's (or part's) raking that the result carries, and the words its method,
 * notes and disclosure add. Pure (no Node or DuckDB import; the types it names are erased), so the
 * explorer and the tab plans describe weights in the same words; the raking itself is
 * crosstab-weights.ts.
 */
import type { CrosstabSample } from "./value-lists.ts";
import type { WeightTarget } from "./weights-targets.ts";
import type { Margin, RakeOptions } from "./weights.ts";

/**
 * A cross-tab's weighting: each year (with `--by sample`, each of its parts) raked on its own to
 * the target margins over the `by` variables, on its whole sample (or the `--sample` part), before
 * the universe and `--where` filters pick who is counted.
 */
export interface CrosstabWeight {
  by: string[];
  target: WeightTarget;
  options?: RakeOptions;
}

/** One year's (or part's) raking as the result reports it. */
export interface CrosstabWeightingPart {
  year: number;
  /** The respondents weighted: the whole sample, or one part of a panel year. */
  sample: CrosstabSample;
  n: number;
  /** Missing a weighting variable: weight 1, outside the fitting. */
  unknown: number;
  passes: number;
  converged: boolean;
  /** The largest |weighted share − target| left over the margins' cells. */
  max_deviation: number;
  tolerance: number;
  trimmed: number;
  weight_min: number;
  weight_max: number;
  /** Over the whole weighted sample (each cell's own n_eff is on its cell). */
  n_eff: number;
  design_effect: number;
}

export interface CrosstabWeighting {
  /** The targets: a file's path, or "2019 (all)": that year's sample mix. */
  target: string;
  /** The year whose sample mix is the target (its answers are read too); null for a file. */
  target_year: number | null;
  by: string[];
  trim: { floor?: number; cap?: number } | null;
  /** The target margins as used (shares scaled to 1). */
  margins: Margin[];
  parts: CrosstabWeightingPart[];
  notes: string[];
}

export const WEIGHTED_NOTES = [
  "Weighted: each year (with the sample as banner, each of its parts) is raked on its own " +
    "(iterative proportional fitting) to the target margins, over its whole sample or the --sample part; " +
    "the universe and --where filters then pick who is counted, keeping those weights.",
  "Cells show weighted shares; count and n stay unweighted. Each base also shows Σw, its effective n " +
    "n_eff = (Σw)²/Σw² and its design effect n / n_eff; intervals, letters, differences and trends use n_eff.",
  "A respondent who did not answer a weighting question keeps weight 1 and is left out of the fitting.",
];

export const WEIGHTED_METHOD =
  " Weighted: every share is Σw of those who chose over Σw of the base, and the intervals, tests, " +
  "differences and trends treat it as a share of the base's effective n, n_eff = (Σw)²/Σw² (Kish), " +
  "in place of n; a base under the minimum in n_eff is a small base.";

export const WEIGHTED_OVERLAP_METHOD =
  " Weighted, two columns sharing respondents are tested the same way on their effective n, with the " +
  "shared part's effective n_ab = Σ_ab w²·n_eff,a·n_eff,b/(Σ_a w·Σ_b w) (Kish's covariance of two " +
  "overlapping weighted shares, σ²·Σ_ab w²/(Σ_a w·Σ_b w)) and x_ab its weighted share of the row; with " +
  "every weight 1 this is the unweighted test exactly.";

export const WEIGHTED_DISCLOSURE =
  "The CNCF samples are self-selected (and, in a year that mixes one in, partly a paid opt-in panel); " +
  "weighting makes them match the targets on the weighting variables only. 95% intervals and " +
  "significance tests on n_eff describe sampling variation only as if the respondents were a simple " +
  "random sample of n_eff; they do not measure how far the sample is from the population.";

/** The target in words: a file's path or a year's sample. */
export const targetText = (target: WeightTarget): string =>
  "file" in target ? target.file : `${target.year} (${target.sample})`;
