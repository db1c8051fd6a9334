/**
 * Weights in the explorer: the compact form the build writes (weightings.ts) and the page reads,
 * and the arithmetic that turns weighted sums into what the cross-tab's tests take. Pure.
 *
 * A weighted cell enters the CLI's assembly (assembleCrosstab) as crosstab --weight's do: the
 * people counted (n, count) with Σw, Σw² and Σw of who chose beside them; the assembly infers on
 * the base's n_eff = (Σw)²/Σw² (effectiveCount), the rule `kube-census weights` applies too.
 */
import type { ExplorerWeighting, WeightingPart } from "./explorer-format.ts";

/** Each respondent's weight as an index into the distinct values (-1: not weighted). */
export function weightCodes(
  ids: readonly number[],
  weights: ReadonlyMap<number, number>,
): { values: number[]; codes: number[] } {
  const values: number[] = [];
  const at = new Map<number, number>();
  const codes = ids.map((id) => {
    const w = weights.get(id);
    if (w === undefined) return -1;
    if (!at.has(w)) {
      at.set(w, values.length);
      values.push(w);
    }
    return at.get(w)!;
  });
  return { values, codes };
}

/**
 * One weight per respondent number: the weighting's year's respondents get their part's weight
 * (`partOf` says which part a respondent's weight comes from: the sample banner weights each part
 * on its own), everyone else 1. A respondent of the year outside the part gets NaN: counting them
 * would be a bug, and NaN makes it visible.
 */
export function respondentWeights(
  weighting: ExplorerWeighting,
  respondents: number,
  partOf: (r: number) => WeightingPart,
): Float64Array {
  const w = new Float64Array(respondents).fill(1);
  const parts = weighting.parts;
  const count = parts.all.codes.length;
  for (let i = 0; i < count; i++) {
    const r = weighting.first + i;
    const part = parts[partOf(r)];
    const code = part.codes[i]!;
    w[r] = code < 0 ? Number.NaN : part.values[code]!;
  }
  return w;
}

/** Running sums of a base's weights: Σw and Σw² (for n_eff) and how many respondents. */
export class WeightSum {
  n = 0;
  sum = 0;
  squares = 0;
  add(w: number) {
    this.n++;
    this.sum += w;
    this.squares += w * w;
  }
  /** Kish's effective base (Σw)²/Σw²; 0 for an empty base. */
  get nEff(): number {
    return this.squares > 0 ? (this.sum * this.sum) / this.squares : 0;
  }
}
