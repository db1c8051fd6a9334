/** A weighted cross-tab's weighting in words: the targets, and each year's (or part's) raking. */
import type { CrosstabWeighting } from "../survey/crosstab-weighting.ts";
import { pct } from "./format.ts";

/** One line for the targets, one per year (or part) raked: passes, range, n_eff, design effect. */
export function weightingLines(w: CrosstabWeighting): string[] {
  const trim = w.trim
    ? `, weights trimmed to [${w.trim.floor ?? 0}, ${w.trim.cap ?? "∞"}] × the mean`
    : "";
  return [
    `Weighted to ${w.target} on ${w.by.join(" × ")}${trim}; each year raked on its own, before the universe and --where:`,
    ...w.parts.map((p) => {
      const how = p.converged
        ? `converged in ${p.passes} pass(es)`
        : `NOT converged after ${p.passes} passes: still ${pct(p.max_deviation, 2)} off a target`;
      return (
        `  ${p.year}${p.sample === "all" ? "" : ` ${p.sample}`}: ${p.n} respondents, ${how}; ` +
        `weights ${p.weight_min.toFixed(2)}–${p.weight_max.toFixed(2)}` +
        `${p.trimmed ? `, ${p.trimmed} trimmed` : ""}${p.unknown ? `, ${p.unknown} missing a weighting variable (weight 1)` : ""}; ` +
        `n_eff ${p.n_eff.toFixed(1)}, design effect ${p.design_effect.toFixed(2)}`
      );
    }),
  ];
}
