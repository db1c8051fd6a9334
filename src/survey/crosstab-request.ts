/**
 * A cross-tab request before it is checked — what `kube-census crosstab`'s flags and the
 * explorer's controls both say — and the refusals the CLI (crosstab-spec.ts) and the explorer
 * (explorer-crosstab.ts) share word for word. Pure (browser-safe).
 */

/** The request's choices beyond its question, banner, years and weighting, as typed. */
export interface CrosstabRequestOptions {
  /** `--universe`: respondents (default) or k8s-users. */
  universe?: string;
  /** `--where`, repeatable and ANDed: the forms crosstab-filter-parse.ts reads. */
  where?: string[];
  /** `--sample`: all (default), community or panel. */
  sample?: string;
  /** `--valid`: the base is who gave a substantive answer. */
  valid?: boolean;
  /** `--comparable`: only rows offered, with no break, in every year shown. */
  comparable?: boolean;
  /** `--adjust`: bonferroni (default), holm or bh. */
  adjust?: string;
  /** `--net`, repeatable: `[question:]name=member,…` or a standard net's `[question:]name`. */
  net?: string[];
  /** `--nets`: every standard net of the row and banner questions. */
  nets?: boolean;
}

/**
 * Why a banner cannot be used with this sample, or undefined: `--by sample` with one part picked;
 * a matrix (its columns would be option × level, a banner no analyst reads — a multi-select's
 * overlapping columns get the overlap-aware test instead).
 */
export function bannerRefusal(
  by: { id: string; type: string } | "year" | "sample",
  sample: string,
): string | undefined {
  if (by === "sample" && sample !== "all")
    return `--by sample splits the sample into its parts: --sample ${sample} cannot also pick one.`;
  if (typeof by === "object" && by.type === "matrix")
    return (
      `--by ${by.id} is a matrix question: its columns would be option × level. ` +
      `Use a single-choice or multi-select question, year or sample, or --where ${by.id}=<option>=<level>.`
    );
  return undefined;
}

/**
 * `--sample panel`: the years kept are those with a paid panel (`panel`), since a year without
 * one would give an empty panel column; a year the request chose (`chosen`) without one, or no
 * year left, is refused.
 */
export function panelSampleYears(
  years: readonly number[],
  panel: readonly number[],
  chosen: boolean,
): { years: number[] } | { refusal: string } {
  const without = years.filter((y) => !panel.includes(y));
  if (chosen && without.length)
    return {
      refusal: `--sample panel: ${without.join(", ")} has no paid panel (panel years: ${panel.join(", ")}).`,
    };
  const kept = years.filter((y) => panel.includes(y));
  if (!kept.length) return { refusal: `--sample panel: none of these years has a paid panel.` };
  return { years: kept };
}
