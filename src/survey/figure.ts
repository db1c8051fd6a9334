import type { Note, Sample } from "./breaks.ts";

/** How a figure is drawn: which field goes on which channel. Every output reads this one spec. */
export interface ChartSpec {
  /** Bars per category (one colour per segment), or one bar per segment. */
  kind: "bars" | "segments";
  /** Sort categories by share (descending) in this segment, else keep the survey's order. */
  sortBy?: string;
}

/**
 * How a figure reads CNCF's published 2021 one-question summaries, where a marginal means the same
 * thing as the figure's row. `sum`: one category counting some options over a base of some options
 * (or everyone who answered); `options`: each option's share of those who answered (a matrix: of
 * those who rated that row, at one level).
 */
export type MarginalSpec =
  | {
      kind: "sum";
      /** The 2021 wave (workbook) whose summary to read: a question both waves ask has two. */
      wave: 1 | 2;
      question: string;
      segment: string;
      category: string;
      count: string[];
      /** Options whose answerers form n; everyone who answered when absent. */
      base?: string[];
      /** Matrix row (canonical option) whose levels `count`/`base` name. */
      item?: string;
      /** One row per region as well as the total (segment = region). */
      byRegion?: boolean;
    }
  | { kind: "options"; wave: 1 | 2; question: string; segment: string; level?: string };

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
  /**
   * Returns year, segment, category, n, count (and answered, where n is not itself who answered);
   * ordered for display. Only constants are spliced in.
   */
  sql: string;
  chart: ChartSpec;
  /** Codebook questions the figure reads: their breaks (codebook `years.<y>.breaks`) mark its rows. */
  questions: string[];
  /** Rows from the 2021 published summaries, where one marginal means the same thing. */
  marginal?: MarginalSpec[];
  /**
   * The segments in display order, where the figure has more than one: the shared SQL helpers
   * (`optionShareSql`) order rows by it, so a new figure never inherits an alphabetical order.
   */
  segmentOrder?: string[];
  /** Where the site shows it: docs/*.md regions and the overview are generated from this. */
  site: FigureSite;
  /** What the README's figure table says of it (generated: `npm run figures:write`). */
  readme: { years: string; universe: string };
  /** Rows hand-worked from a test fixture, which test/survey/figures.test.ts checks. */
  golden: FigureGolden;
}

/**
 * The survey year The State of the Kubernetes Ecosystem (2nd ed., 2020) draws its figures from: a
 * fact of the book, which its figures' definitions name as the year their card opens on.
 */
export const BOOK_YEAR = 2019;

/** Where a figure's card goes on the site: one card on one page, in registry order there. */
export interface FigureSite {
  /** The docs/ page, without `.md` (`networking`). */
  page: string;
  /** Markdown written above the card (a heading, a lead paragraph): our own words, not data. */
  lead?: string;
  /**
   * The survey year the card opens on. A figure of the book names the book's year (2019 for the
   * 2nd edition): a fact of the figure, written here, not a fallback in a component. Without it
   * the card opens on the latest year it has computed rows for, so a new survey year shows first.
   */
  defaultYear?: number;
  /** The name the overview's headlines take this figure's file under (docs/components/overview.js). */
  overview?: string;
}

/**
 * Golden rows on a fixture database (test/support/fixture-database.ts), worked out by hand from
 * the fixture file's respondents with the arithmetic in a comment beside them.
 */
export interface FigureGolden {
  /**
   * `figures-2019`: test/fixtures/surveys/figures-2019.csv; `coded-2022`: test/fixtures/coded-2022/;
   * `kubernetes-use-2022`: test/fixtures/kubernetes-use-2022/ (each folder's README lists its rows).
   */
  fixture: "figures-2019" | "coded-2022" | "kubernetes-use-2022";
  /** [segment, category, n, count], every computed row of the fixture's year. */
  rows: [segment: string, category: string, n: number, count: number][];
}

export type RowSource = "computed" | "published" | "marginal";

export interface FigureRow {
  year: number;
  segment: string;
  category: string;
  n: number | null;
  /**
   * Of n, how many answered the row's question (the rest left it blank and count as not
   * choosing); null where the figure's n is itself who answered, or the source does not say.
   */
  answered: number | null;
  count: number | null;
  share: number;
  ci_low: number | null;
  ci_high: number | null;
  source: RowSource;
  /** Everyone in the year's sample, or (2022) its panel or community part. */
  sample: Sample;
  /** Every break between this row and the year before, with its explanation. */
  notes: Note[];
}

/** The JSON contract of `kube-census figure <id> --format json` (FIGURES.md). */
export interface FigureResult {
  id: string;
  title: string;
  universe: string;
  rows: FigureRow[];
}
