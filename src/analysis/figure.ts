/** How a figure is drawn: which field goes on which channel. Every output reads this one spec. */
export interface ChartSpec {
  /** Bars per category (one colour per segment), or one bar per segment. */
  kind: "bars" | "segments";
  /** Sort categories by share (descending) in this segment, else keep the survey's order. */
  sortBy?: string;
}

/** A figure, defined once: everything every output (terminal, JSON, CSV, Vega-Lite, site) needs. */
export interface FigureDefinition {
  id: string;
  title: string;
  /** One line for `kube-census figures`. */
  description: string;
  /** Who is counted in n, in words. */
  universe: string;
  /** What the segments are, in words. */
  segments: string;
  /** The book's figure it reproduces ("FIG 2.6"), or a note. */
  book: string;
  /** Returns year, segment, category, n, count; ordered for display. Only constants are spliced in. */
  sql: string;
  chart: ChartSpec;
}

export type RowSource = "computed" | "published";

export interface FigureRow {
  year: number;
  segment: string;
  category: string;
  n: number | null;
  count: number | null;
  share: number;
  ci_low: number | null;
  ci_high: number | null;
  source: RowSource;
}

/** The JSON contract of `kube-census figure <id> --format json` (FIGURES.md). */
export interface FigureResult {
  id: string;
  title: string;
  universe: string;
  rows: FigureRow[];
}
