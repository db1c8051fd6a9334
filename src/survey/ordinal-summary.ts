/**
 * Ordinal summaries of a cross-tab (issue 20 item 4): per year and column, the mean and median of
 * the answers' stated numbers (each bucket's midpoint, from the codebook's `scales:`) with 95%
 * intervals, and the net score (top-2 minus bottom-2 box) of a scale of words. Computed from the
 * cross-tab's own counts, so the base is the cross-tab's: a respondent counted in the
 * distribution is one value here. Pure (no Node or DuckDB import): the CLI and the site's build
 * run the same code on the same result.
 */
import { CensusError } from "../errors.ts";
import type { CrosstabCell, CrosstabColumn } from "./crosstab-assembly.ts";
import type { CrosstabBreak } from "./crosstab-breaks.ts";
import {
  summariseWeighted,
  WEIGHTED_MEAN_DEFINITION,
  WEIGHTED_MEDIAN_DEFINITION,
  WEIGHTED_NET_SCORE_DEFINITION,
} from "./ordinal-weighted.ts";

/** One answer of a scale: lowest first in `OrdinalScale.points`. */
export interface ScalePoint {
  option: string;
  /** The number the answer stands for (a bucket's midpoint); null on a scale of words. */
  midpoint: number | null;
  /** Its box in the net score. */
  box: "top" | "bottom" | null;
}

/** One version of a question's scale (codebook_scales), and the years it was asked in. */
export interface OrdinalScale {
  question: string;
  name: string;
  years: number[];
  unit: string | null;
  points: ScalePoint[];
  /** Answers that are no point of the scale: left out of every summary (counted in `left_out`). */
  off_scale: string[];
  open_top: string | null;
  note: string | null;
}

/** One year and column of the cross-tab, summarised. */
export interface OrdinalSummaryRow {
  year: number;
  column: string;
  letter: string;
  scale: string;
  /** Respondents whose answer is a point of the scale: the summaries' base. */
  n: number;
  /** Weighted (`crosstab --weight`): Σw of those n, and their effective n (Σw)²/Σw² (ordinal-weighted.ts). */
  weighted_n?: number;
  n_eff?: number;
  /** Of the cross-tab's base, those whose answer is off the scale (don't know, not using). */
  left_out: number;
  /**
   * The cross-tab's break numbers on this year's cells of the scale: a break moving any share moves
   * the mean, so a year across one is not comparable with the years before. Breaks confined to
   * don't-know / not-applicable answers are left out: those answers are off the scale.
   */
  breaks: number[];
  /** n (weighted: n_eff) under 30: shown, to be read with care. */
  small_base: boolean;
  /** Mean of the midpoints, with its standard deviation and 95% t interval (null without midpoints or n < 2). */
  mean: number | null;
  sd: number | null;
  mean_ci_low: number | null;
  mean_ci_high: number | null;
  /**
   * The median answer: the bucket holding the middle value; for an even n whose two middle values
   * lie in two buckets, `median_low` and `median_high` differ ("between").
   */
  median_low: string | null;
  median_high: string | null;
  /** The 95% order-statistic interval as buckets (null for n ≤ 5), and its exact coverage. */
  median_ci_low: string | null;
  median_ci_high: string | null;
  median_ci_coverage: number | null;
  /** Top-2 minus bottom-2 box, in percentage points, with its 95% interval; absent without boxes. */
  net_score?: {
    top: number;
    bottom: number;
    score: number | null;
    ci_low: number | null;
    ci_high: number | null;
  };
}

export interface OrdinalSummary {
  question: string;
  /** True when the cross-tab is weighted: every statistic is then weighted (ordinal-weighted.ts). */
  weighted?: boolean;
  /** The scale versions the rows use, with their midpoints: every output states them. */
  scales: OrdinalScale[];
  definitions: { mean: string; median: string; net_score?: string };
  rows: OrdinalSummaryRow[];
  /** What the numbers can and cannot say: midpoints understate spread. */
  caveat: string;
}

export const MEAN_DEFINITION =
  "mean of each respondent's stated number (the midpoint of their bucket), with a 95% Student t interval (n − 1 degrees of freedom) on those values";
export const MEDIAN_DEFINITION =
  "the bucket holding the middle respondent; 95% interval: the buckets of the order statistics ranked l and n + 1 − l, l the largest rank with P(Binomial(n, ½) ≤ l − 1) ≤ 2.5% (distribution-free, coverage at least 95%, stated per row)";
export const NET_SCORE_DEFINITION =
  "share in the top-2 box minus share in the bottom-2 box of one scale version, in points, on the respondents whose answer is on the scale; 95% interval ± 1.96 × √((top + bottom − score²) / n), the variance of a difference of two shares of one multinomial sample";
export const ORDINAL_CAVEAT =
  "Every respondent in a bucket is counted at its midpoint: the spread within buckets is lost, so the standard deviation and the mean's interval understate the real spread, and the open top bucket's value (stated) moves the mean. Compare means only within one scale version.";

/** A refusal the user can act on: exit status 2, like a wrong argument. */
const refuse = (message: string) => new CensusError(message, 2);

/**
 * The one scale version covering `years`: refused when a year has none or the years span two
 * versions (buckets recut between them: a pooled mean would mix two questions).
 */
export function scaleFor(question: string, scales: OrdinalScale[], years: number[]): OrdinalScale {
  if (scales.length === 0)
    throw refuse(
      `${question} has no ordinal scale in the codebook (data/codebook/${question}.yml, scales:): ` +
        "a mean, median or net score needs its answers in order.",
    );
  const versions = new Set<OrdinalScale>();
  for (const year of years) {
    const scale = scales.find((s) => s.years.includes(year));
    if (!scale)
      throw refuse(
        `${question} has no scale for ${year} (its scales cover ${scales
          .map((s) => `${s.years.join(", ")}: ${s.name}`)
          .join("; ")}): leave ${year} out with --year.`,
      );
    versions.add(scale);
  }
  if (versions.size > 1)
    throw refuse(
      `${question}: ${years.join(", ")} pool two scale versions (${[...versions]
        .map((s) => `${s.name}: ${s.years.join(", ")}`)
        .join(
          "; ",
        )}); the buckets differ, so one mean would mix two questions. Summarise each version's years apart.`,
    );
  return [...versions][0]!;
}

/**
 * The summaries of one year and column from its counts per scale point (lowest first): the
 * weighted path with every weight 1. With w = 1, Σw = Σw² = n and n_eff = n exactly, so the t
 * interval is on n − 1 degrees of freedom, the net score's variance on n, and the weighted median's
 * "cumulative share reaches ½ / l/m" is the bucket of the order statistic ranked ⌈n/2⌉ (and
 * ⌊n/2⌋ + 1 for the "between" case; l and n + 1 − l for the interval): the two definitions agree
 * (ordinal-weighted.ts's `summariseWeighted`, tolerance 0 for whole counts).
 */
export function summariseCounts(
  scale: OrdinalScale,
  counts: number[],
): Omit<OrdinalSummaryRow, "year" | "column" | "letter" | "left_out" | "breaks"> {
  const row = summariseWeighted(scale, counts, counts, counts, 0);
  // why: an unweighted row states no Σw or n_eff (they would only repeat n)
  delete row.weighted_n;
  delete row.n_eff;
  return row;
}

/**
 * Summaries of every year and column of a cross-tab whose row question is ordinal. `cells` are the
 * cross-tab's rows (net rows are ignored), `options` the question's codebook options (a row that
 * is neither a point nor off the scale is a new answer the scale does not place: refused),
 * `breaks` the cross-tab's (to tell which of the cells' numbers concern only off-scale answers).
 */
export function ordinalSummary(
  question: string,
  scales: OrdinalScale[],
  columns: CrosstabColumn[],
  cells: CrosstabCell[],
  options: string[],
  breaks: CrosstabBreak[] = [],
): OrdinalSummary {
  // why: a weighted cross-tab's cells carry Σw and Σw² per answer: the summary uses those weights
  const weighted = cells.some((c) => c.weighted_count !== undefined);
  const offScaleOnly = new Set(breaks.filter((b) => b.valid_only).map((b) => b.number));
  const years = [...new Set(cells.map((c) => c.year))].sort((a, b) => a - b);
  const byYear = new Map(years.map((y) => [y, scaleFor(question, scales, [y])]));
  const rows: OrdinalSummaryRow[] = [];
  for (const year of years) {
    const scale = byYear.get(year)!;
    for (const column of columns) {
      const here = cells.filter(
        (c) => c.year === year && c.column === column.label && options.includes(c.option),
      );
      const base = here[0]?.n ?? 0;
      if (here.length === 0 || base === 0) continue;
      const count = (o: string) => here.find((c) => c.option === o)?.count ?? 0;
      for (const c of here)
        if (
          c.count > 0 &&
          !scale.points.some((p) => p.option === c.option) &&
          !scale.off_scale.includes(c.option)
        )
          throw refuse(
            `${question} ${year}: "${c.option}" is neither a point of the scale "${scale.name}" nor off it ` +
              `(data/codebook/${question}.yml, scales:): place it there before summarising.`,
          );
      // why: a mean counts each respondent once; a base smaller than its answers holds someone with two
      const answers = here.reduce((s, c) => s + c.count, 0);
      // why: fewer answers than respondents means rows are missing (--comparable drops some)
      if (answers < base)
        throw refuse(
          `${question} ${year}, column ${column.label}: the cross-tab shows ${answers} answers of ${base} respondents — ` +
            "some answers' rows are left out (--comparable?), so no summary over all of them.",
        );
      if (answers > base)
        throw refuse(
          `${question} ${year}, column ${column.label}: ${answers} answers from ${base} respondents — ` +
            "someone gave several, so there is no one value per respondent to summarise.",
        );
      const counts = scale.points.map((p) => count(p.option));
      const cellOf = (o: string) => here.find((c) => c.option === o);
      // why: without Σw² per answer n_eff would read 0 and every interval vanish, silently
      if (weighted && here.some((c) => c.weighted_count && c.weighted_count_sq === undefined))
        throw new Error(
          `ordinal summary of ${question}: weighted cells without weighted_count_sq (crosstab.ts)`,
        );
      const summary = weighted
        ? summariseWeighted(
            scale,
            counts,
            scale.points.map((p) => cellOf(p.option)?.weighted_count ?? 0),
            scale.points.map((p) => cellOf(p.option)?.weighted_count_sq ?? 0),
          )
        : summariseCounts(scale, counts);
      rows.push({
        year,
        column: column.label,
        letter: column.letter,
        ...summary,
        left_out: base - summary.n,
        breaks: [...new Set(here.flatMap((c) => c.breaks))]
          .filter((b) => !offScaleOnly.has(b))
          .sort((a, b) => a - b),
      });
    }
  }
  const shown = [...new Set(byYear.values())];
  return {
    question,
    ...(weighted && { weighted }),
    scales: shown,
    definitions: {
      mean: weighted ? WEIGHTED_MEAN_DEFINITION : MEAN_DEFINITION,
      median: weighted ? WEIGHTED_MEDIAN_DEFINITION : MEDIAN_DEFINITION,
      ...(shown.some((s) => s.points.some((p) => p.box)) && {
        net_score: weighted ? WEIGHTED_NET_SCORE_DEFINITION : NET_SCORE_DEFINITION,
      }),
    },
    rows,
    caveat: ORDINAL_CAVEAT,
  };
}
