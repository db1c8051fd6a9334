/**
 * `crosstab --summary`: the ordinal summaries as a block under the cross-tab (a line per year and
 * statistic, a column per letter), the midpoints they used, and as CSV one line per year and
 * column. Browser-safe: the site words its scales with `scaleText` too.
 */
import type { OrdinalScale, OrdinalSummary, OrdinalSummaryRow } from "../survey/ordinal-summary.ts";
import { toCsv, toTable } from "./output.ts";

/** A midpoint or mean as printed: one decimal under 100, whole numbers with separators above. */
export const ordinalNumber = (x: number) =>
  Math.abs(x) >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(1).replace(/\.0$/, "");

/** A net score in points, signed: 12.34 → "+12.3". */
export const scorePoints = (x: number) =>
  `${x > 0 ? "+" : x < 0 ? "−" : "±"}${Math.abs(x).toFixed(1)}`;

/** A median as words: one bucket, or "between" two. */
export const medianText = (r: OrdinalSummaryRow) =>
  r.median_low === null
    ? "–"
    : r.median_low === r.median_high
      ? r.median_low
      : `${r.median_low} / ${r.median_high}`;

/** The scale's points and the numbers they stand for, and what is left out: stated with every summary. */
export function scaleText(scale: OrdinalScale): string {
  const points = scale.points
    // why: the midpoints exactly as stated (299.5, not 300): a reader redoes the mean from them
    .map((p) =>
      p.midpoint === null ? p.option : `${p.option} = ${p.midpoint.toLocaleString("en-US")}`,
    )
    .join(" · ");
  const boxes = (b: "top" | "bottom") =>
    scale.points.filter((p) => p.box === b).map((p) => p.option);
  return (
    `Scale "${scale.name}" (${scale.years.join(", ")})` +
    `${scale.unit ? `, ${scale.unit}` : ""}, lowest first: ${points}` +
    `${scale.off_scale.length ? `; off the scale (left out): ${scale.off_scale.join(", ")}` : ""}.` +
    (boxes("top").length
      ? ` Net score: top box ${boxes("top").join(", ")}; bottom box ${boxes("bottom").join(", ")}.`
      : "") +
    `${scale.open_top ? ` ${scale.open_top}` : ""}${scale.note ? ` ${scale.note}` : ""}`
  );
}

/** The cross-tab's break numbers on the year's cells, as its table marks them. */
const breakMark = (r: OrdinalSummaryRow) => (r.breaks.length ? ` ‡${r.breaks.join(",")}` : "");

const cell = (r: OrdinalSummaryRow, stat: string): string => {
  switch (stat) {
    case "n (on the scale)":
      return `${r.n}${r.small_base ? "*" : ""}`;
    case "Σw":
      return r.weighted_n === undefined ? "–" : ordinalNumber(r.weighted_n);
    case "n_eff":
      return r.n_eff === undefined ? "–" : r.n_eff.toFixed(1);
    case "left out":
      return String(r.left_out);
    case "mean":
      return r.mean === null ? "–" : `${ordinalNumber(r.mean)}${breakMark(r)}`;
    case "mean 95% CI":
      return r.mean_ci_low === null
        ? "–"
        : `${ordinalNumber(r.mean_ci_low)} to ${ordinalNumber(r.mean_ci_high!)}`;
    case "median":
      return `${medianText(r)}${breakMark(r)}`;
    case "median 95% CI":
      return r.median_ci_low === null
        ? "–"
        : r.median_ci_low === r.median_ci_high
          ? r.median_ci_low
          : `${r.median_ci_low} to ${r.median_ci_high}`;
    case "net score":
      return r.net_score?.score == null ? "–" : `${scorePoints(r.net_score.score)}${breakMark(r)}`;
    default: // "net score 95% CI"
      return r.net_score?.ci_low == null
        ? "–"
        : `${scorePoints(r.net_score.ci_low)} to ${scorePoints(r.net_score.ci_high!)}`;
  }
};

/** The statistics of one year and column as the table prints them (the site shows the same text). */
export const SUMMARY_STATISTICS = [
  "n (on the scale)",
  "left out",
  "mean",
  "mean 95% CI",
  "median",
  "median 95% CI",
  "net score",
  "net score 95% CI",
] as const;
export const summaryCells = (r: OrdinalSummaryRow): Record<string, string> =>
  Object.fromEntries(SUMMARY_STATISTICS.map((s) => [s, cell(r, s)]));

/** The block printed under the cross-tab. */
export function ordinalBlock(summary: OrdinalSummary, letters: string[], byYear: boolean): string {
  const hasMean = summary.rows.some((r) => r.mean !== null);
  const hasScore = summary.rows.some((r) => r.net_score);
  const weighted = summary.weighted === true;
  const stats = [
    "n (on the scale)",
    // why: a weighted summary shows what its intervals stand on
    ...(weighted ? ["Σw", "n_eff"] : []),
    "left out",
    ...(hasMean ? ["mean", "mean 95% CI"] : []),
    "median",
    "median 95% CI",
    ...(hasScore ? ["net score", "net score 95% CI"] : []),
  ];
  const years = [...new Set(summary.rows.map((r) => r.year))];
  const lines: Record<string, string>[] = [];
  for (const stat of stats)
    for (const year of byYear ? [0] : years) {
      const line: Record<string, string> = {
        ...(byYear ? {} : { year: String(year) }),
        statistic: stat,
        ...Object.fromEntries(letters.map((l) => [l, "–"])),
      };
      for (const r of summary.rows.filter((r) => byYear || r.year === year))
        line[r.letter] = cell(r, stat);
      lines.push(line);
    }
  if (!byYear) lines.sort((a, b) => Number(a.year) - Number(b.year));
  return [
    "",
    (weighted
      ? "WEIGHTED summaries of the answers on the scale (--summary --weight: the cross-tab's weights; * n_eff under 30; "
      : "Summaries of the answers on the scale (--summary; * n under 30; ") +
      "‡ the cross-tab's breaks on the year's answers: not comparable with the years before):",
    toTable(lines, undefined, 40).trimEnd(),
    ...summary.scales.map(scaleText),
    ...(hasMean ? [`Mean: ${summary.definitions.mean}.`] : []),
    `Median: ${summary.definitions.median}.`,
    ...(summary.definitions.net_score ? [`Net score: ${summary.definitions.net_score}.`] : []),
    ...(hasMean ? [summary.caveat] : []),
    "",
  ].join("\n");
}

/** `--summary --format csv`: one line per year and column. */
export function ordinalCsv(summary: OrdinalSummary, periods: Record<string, string> = {}): string {
  return toCsv(
    summary.rows.map((r) => ({
      question: summary.question,
      year: r.year,
      survey: periods[r.year] ?? String(r.year),
      column: r.column,
      letter: r.letter,
      scale: r.scale,
      n: r.n,
      // why: only a weighted summary has them; an unweighted CSV keeps its columns
      ...(summary.weighted && { weighted_n: r.weighted_n ?? null, n_eff: r.n_eff ?? null }),
      left_out: r.left_out,
      small_base: r.small_base,
      breaks: r.breaks.join(" "),
      mean: r.mean,
      sd: r.sd,
      mean_ci_low: r.mean_ci_low,
      mean_ci_high: r.mean_ci_high,
      median_low: r.median_low,
      median_high: r.median_high,
      median_ci_low: r.median_ci_low,
      median_ci_high: r.median_ci_high,
      median_ci_coverage: r.median_ci_coverage,
      net_top: r.net_score?.top ?? null,
      net_bottom: r.net_score?.bottom ?? null,
      net_score: r.net_score?.score ?? null,
      net_score_ci_low: r.net_score?.ci_low ?? null,
      net_score_ci_high: r.net_score?.ci_high ?? null,
    })),
  );
}
