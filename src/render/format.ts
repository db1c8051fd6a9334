// How numbers and the marks beside them are written, by every output: CLI tables, Vega-Lite
// titles and descriptions, and the site (bundled through src/site/browser.ts). Browser-safe.

/** A proportion as a percentage: 0.391 → "39.1%"; a missing value → `empty`. */
export const pct = (x: number | null | undefined, digits = 1, empty = "–") =>
  x === null || x === undefined || Number.isNaN(x) ? empty : `${(x * 100).toFixed(digits)}%`;

interface Interval {
  ci_low: number | null;
  ci_high: number | null;
}
/** A 95% interval: "35.2%–42.1%", or `empty` when the value has none (a published number). */
export const interval = (r: Interval, empty = "–") =>
  r.ci_low === null || r.ci_high === null ? empty : `${pct(r.ci_low)}–${pct(r.ci_high)}`;

/** "468 / 1197", or "–" where the book printed only a share. */
export const countOfN = (r: { count: number | null; n: number | null }) =>
  r.count === null || r.n === null ? "–" : `${r.count} / ${r.n}`;

/** A value's source, as a mark after its year or value: nothing for a computed one. */
export const SOURCE_MARK: Record<string, string> = {
  published: " (published)",
  marginal: " (summary)",
};
/** A part of a panel year's sample, as a mark after its year. */
export const SAMPLE_MARK: Record<string, string> = {
  community: ", community only",
  panel: ", paid panel only",
};
/** In words, for tooltips and tables. */
export const sourceText = (source: string) =>
  source === "published"
    ? "printed in the book"
    : source === "marginal"
      ? "CNCF's published one-question summary"
      : "computed from respondents";

interface NRow {
  year: number;
  segment: string;
  source: string;
  sample?: string;
  n: number | null;
}

/** The n of each year (and segment) drawn, for a chart's subtitle: "2019: n = 1197 · …". */
export function nSummary(rows: NRow[], label: (year: number) => string = String): string {
  const seen = new Map<string, NRow>();
  for (const r of rows) seen.set(`${r.year} ${r.segment}`, r);
  const segments = new Set(rows.map((r) => r.segment));
  return [...seen.values()]
    .map(
      (r) =>
        `${segments.size > 1 ? `${r.segment}, ` : ""}${label(r.year)}${SOURCE_MARK[r.source] ?? ""}${SAMPLE_MARK[r.sample ?? ""] ?? ""}: n = ${r.n ?? "not printed"}`,
    )
    .join(" · ");
}
