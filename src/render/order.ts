// The order of a figure's segments and categories, the same in every output: the CLI's Vega-Lite
// spec and its description, and the site's charts (bundled through src/site/browser.ts).
import type { ChartSpec, FigureRow } from "../survey/figure.ts";

type Row = Pick<FigureRow, "segment" | "source" | "category" | "share">;

/** Distinct values of a row field, in the order the rows give them. */
export function distinct<R, K extends keyof R>(rows: R[], key: K): R[K][] {
  return [...new Set(rows.map((r) => r[key]))];
}

/**
 * Segments in the survey's order: computed rows first, since a published row (2017) leads the
 * rows but may name only one segment.
 */
export function segmentOrder(rows: Row[]): string[] {
  const computed = rows.filter((r) => r.source === "computed");
  return [...new Set([...distinct(computed, "segment"), ...distinct(rows, "segment")])];
}

/** The segment categories are sorted by: chart.sortBy if the rows have it, else the first one. */
export function sortSegment(chart: ChartSpec, segments: string[]): string | undefined {
  if (chart.sortBy === undefined) return undefined;
  return segments.includes(chart.sortBy) ? chart.sortBy : segments[0];
}

/**
 * The categories of rows (one year's, as drawn): by their share in the sort segment, highest
 * first, where the chart sorts; otherwise, and among equals, in the rows' (survey) order. A
 * category the sort segment lacks goes after those it has.
 */
export function categoryOrder(rows: Row[], chart: ChartSpec): string[] {
  const categories = distinct(rows, "category");
  const by = sortSegment(chart, segmentOrder(rows));
  if (by === undefined) return categories;
  const share = new Map(rows.filter((r) => r.segment === by).map((r) => [r.category, r.share]));
  return [...categories].sort((a, b) => (share.get(b) ?? -1) - (share.get(a) ?? -1));
}
