/**
 * Weighting respondents to target margins: raking (iterative proportional fitting, Deming and
 * Stephan 1940), post-stratification (raking on one joint variable: exact in one pass), weight
 * trimming, and what weighting costs: Kish's effective base n_eff = (Σw)²/Σw² and design effect
 * n/n_eff. Pure: respondents in, weights out; the database side is weights-targets.ts.
 */
import { CensusError } from "../errors.ts";
import { wilson } from "./wilson.ts";

/** One weighting variable's target: cell → share of the weighted total (the shares sum to 1). */
export interface Margin {
  variable: string;
  targets: Record<string, number>;
}

/** A respondent's cell on each weighting variable; null or absent: not answered. */
export type WeightingCells = Record<string, string | null | undefined>;

export interface RakeOptions {
  /** Stop when every margin's weighted share is within this of its target (absolute share). */
  tolerance?: number;
  maxIterations?: number;
  /** Trim weights to [floor, cap] × the mean weight after each pass; the next pass re-rakes. */
  trim?: { floor?: number; cap?: number };
}

export interface WeightingResult {
  /** One weight per respondent, in input order; mean 1 over the respondents weighted. */
  weights: number[];
  iterations: number;
  converged: boolean;
  /** The largest |weighted share − target| over every margin's cells at the end. */
  maxDeviation: number;
  tolerance: number;
  maxIterations: number;
  /** Respondents whose weight the last pass's trimming set to the cap or the floor. */
  trimmed: number;
  /** Respondents missing a weighting variable: kept at weight 1, outside the fitting. */
  unknown: number;
  n: number;
  nEff: number;
  designEffect: number;
}

const DEFAULT_TOLERANCE = 1e-6;
const DEFAULT_MAX_ITERATIONS = 100;

/** Kish's effective base (Σw)²/Σw²: the simple random sample size with the same variance. */
export function effectiveBase(weights: readonly number[]): number {
  let sum = 0;
  let squares = 0;
  for (const w of weights) {
    sum += w;
    squares += w * w;
  }
  return squares > 0 ? (sum * sum) / squares : 0;
}

/** Kish's design effect of unequal weights: n / n_eff (1 for equal weights, larger otherwise). */
export function designEffect(weights: readonly number[]): number {
  const nEff = effectiveBase(weights);
  return nEff > 0 ? weights.length / nEff : Number.NaN;
}

function checkMargin(margin: Margin): void {
  const shares = Object.entries(margin.targets);
  if (shares.length === 0)
    throw new CensusError(
      `weighting target ${margin.variable} has no cells: give each cell a share`,
    );
  for (const [cell, share] of shares)
    if (!Number.isFinite(share) || share <= 0 || share > 1)
      throw new CensusError(
        `weighting target ${margin.variable}=${cell} has share ${share}: a share must be more than 0 and at most 1 (drop a cell nobody should be weighted to)`,
      );
  const total = shares.reduce((s, [, share]) => s + share, 0);
  if (Math.abs(total - 1) > 1e-6)
    throw new CensusError(
      `weighting target ${margin.variable}: shares sum to ${total.toFixed(6)}, not 1 (give every cell, shares of the whole)`,
    );
}

/**
 * Rakes respondents to the margins. Respondents missing any weighting variable keep weight 1 and
 * are left out of the fitting (so the others' weights sum to their own count, and the unknowns
 * keep their share of the total); a respondent in a cell the targets do not name, and a target
 * cell no respondent is in, are errors (recode or drop the cell first): raking cannot create
 * people.
 */
export function rake(
  respondents: readonly WeightingCells[],
  margins: readonly Margin[],
  options: RakeOptions = {},
): WeightingResult {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (margins.length === 0) throw new CensusError("weighting needs at least one target variable");
  for (const margin of margins) checkMargin(margin);
  const floor = options.trim?.floor ?? 0;
  const cap = options.trim?.cap ?? Number.POSITIVE_INFINITY;
  if (!(floor >= 0 && floor <= 1 && cap >= 1))
    throw new CensusError(
      `weight trimming needs floor ≤ 1 ≤ cap (times the mean weight); got floor ${floor}, cap ${cap}`,
    );

  const known: number[] = [];
  respondents.forEach((r, i) => {
    if (margins.every((m) => r[m.variable] != null)) known.push(i);
  });
  // cells[m][k]: respondent known[k]'s cell on margin m.
  const cells = margins.map((m) =>
    known.map((i) => {
      const cell = respondents[i]![m.variable]!;
      if (!(cell in m.targets))
        throw new CensusError(
          `respondent ${i + 1} is in ${m.variable}=${cell}, a cell the weighting targets do not name (cells: ${Object.keys(m.targets).join(", ")}): recode it or add it to the targets`,
        );
      return cell;
    }),
  );
  margins.forEach((m, j) => {
    const present = new Set(cells[j]);
    for (const cell of Object.keys(m.targets))
      if (!present.has(cell))
        throw new CensusError(
          `weighting target ${m.variable}=${cell} has no respondents: no weight can reach its share; merge it with a neighbouring cell`,
        );
  });

  const w = known.map(() => 1);
  const total = known.length;
  const weightedShares = (j: number): Map<string, number> => {
    const sums = new Map<string, number>();
    cells[j]!.forEach((cell, k) => sums.set(cell, (sums.get(cell) ?? 0) + w[k]!));
    let all = 0;
    for (const v of sums.values()) all += v;
    for (const [cell, v] of sums) sums.set(cell, v / all);
    return sums;
  };
  const deviation = (): number => {
    let worst = 0;
    margins.forEach((m, j) => {
      const shares = weightedShares(j);
      for (const [cell, target] of Object.entries(m.targets))
        worst = Math.max(worst, Math.abs((shares.get(cell) ?? 0) - target));
    });
    return worst;
  };

  let iterations = 0;
  let trimmed = 0;
  let maxDeviation = deviation();
  while (maxDeviation > tolerance && iterations < maxIterations) {
    iterations++;
    margins.forEach((m, j) => {
      const shares = weightedShares(j);
      const factor = new Map<string, number>();
      for (const [cell, target] of Object.entries(m.targets))
        factor.set(cell, target / shares.get(cell)!);
      cells[j]!.forEach((cell, k) => (w[k]! *= factor.get(cell)!));
    });
    // Keep the weights' mean at 1, then trim against that mean; the next pass re-rakes the rest.
    const mean = w.reduce((s, v) => s + v, 0) / total;
    trimmed = 0;
    for (let k = 0; k < total; k++) {
      w[k]! /= mean;
      if (w[k]! > cap) ((w[k] = cap), trimmed++);
      else if (w[k]! < floor) ((w[k] = floor), trimmed++);
    }
    maxDeviation = deviation();
  }

  const weights = respondents.map(() => 1);
  known.forEach((i, k) => (weights[i] = w[k]!));
  const nEff = effectiveBase(weights);
  return {
    weights,
    iterations,
    converged: maxDeviation <= tolerance,
    maxDeviation,
    tolerance,
    maxIterations,
    trimmed,
    unknown: respondents.length - known.length,
    n: respondents.length,
    nEff,
    designEffect: respondents.length / nEff,
  };
}

/**
 * Post-stratification: each joint cell of the variables weighted to its target share, in one
 * pass (raking on the single joint variable "a × b"). Targets name joint cells as the cells
 * joined by " × " in the variables' order.
 */
export function poststratify(
  respondents: readonly WeightingCells[],
  variables: readonly string[],
  targets: Record<string, number>,
  options: RakeOptions = {},
): WeightingResult {
  const joint = variables.join(" × ");
  const joined = respondents.map((r) => ({
    [joint]: variables.every((v) => r[v] != null) ? variables.map((v) => r[v]).join(" × ") : null,
  }));
  return rake(joined, [{ variable: joint, targets }], options);
}

/** A weighted share with its base: the interval is Wilson's on n_eff, the weighted count p·n_eff. */
export interface WeightedShare {
  share: number;
  /** Σw of those who chose, and of the base. */
  weightedCount: number;
  weightedBase: number;
  n: number;
  nEff: number;
  designEffect: number;
  low: number;
  high: number;
}

/** The weighted share of `chose` among the base (weights of respondents outside it are ignored). */
export function weightedShare(
  weights: readonly number[],
  chose: readonly boolean[],
): WeightedShare {
  let count = 0;
  let base = 0;
  for (let i = 0; i < weights.length; i++) {
    base += weights[i]!;
    if (chose[i]) count += weights[i]!;
  }
  const share = base > 0 ? count / base : Number.NaN;
  const nEff = effectiveBase(weights);
  const { low, high } = wilson(share * nEff, nEff);
  return {
    share,
    weightedCount: count,
    weightedBase: base,
    n: weights.length,
    nEff,
    designEffect: weights.length / nEff,
    low,
    high,
  };
}
