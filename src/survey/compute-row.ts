import type { FigureRow } from "./figure.ts";
import { wilson } from "./wilson.ts";

export const round = (x: number) => Math.round(x * 10000) / 10000;

/** Adds the share and its 95% Wilson interval to a counted row (everyone in the sample, no notes yet). */
export function shareRow(
  year: number,
  segment: string,
  category: string,
  n: number,
  count: number,
): FigureRow {
  const ci = wilson(count, n);
  return {
    year,
    segment,
    category,
    n,
    answered: null,
    count,
    share: round(count / n),
    ci_low: round(ci.low),
    ci_high: round(ci.high),
    source: "computed",
    sample: "all",
    notes: [],
  };
}
