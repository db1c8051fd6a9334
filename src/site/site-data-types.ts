// The contract between the site-data writer (src/site/write-site-data.ts) and the site's
// components (docs/components/*.js): the shape of each JSON file under docs/data/generated/.
// The writer builds each file as one of these types, and the components name them in JSDoc
// (`@param {import("../../src/site/site-data-types.ts").FigureFile} figure`), so a field renamed
// on one side fails `tsc` on the other instead of drawing an empty card. Types only: nothing
// here reaches the browser bundle.
import type { BookLandscape } from "../landscape/book-landscape.ts";
import type { LandscapeEntry } from "../landscape/model.ts";
import type { OrdinalSummary } from "../survey/ordinal-summary.ts";
import type { MomentumAdoptionRow, RankCorrelation } from "../landscape/momentum-adoption.ts";
import type { ProjectAdoptionRow } from "../landscape/project-adoption.ts";
import type { SiteProvenance } from "../render/provenance.ts";
import type { FigureDefinition, FigureResult } from "../survey/figure.ts";
import type { ScoredClaim } from "../survey/scorecard.ts";
import type { SurveyYear } from "../survey/survey-years.ts";
import type { ExplorerMeta } from "./explorer-format.ts";

export type { SiteProvenance } from "../render/provenance.ts";
export type { FigureResult, FigureRow } from "../survey/figure.ts";
/** A figure's definition as the site has it: its golden rows are for the tests, not the page. */
export type SiteFigureDefinition = Omit<FigureDefinition, "golden">;
export type { Note, Sample } from "../survey/breaks.ts";
export type { ExplorerMeta, ExplorerQuestion } from "./explorer-format.ts";

/** A row of the `sources` table as the site lists it, with its ingest issues counted. */
export interface SourceRow {
  id: string;
  kind: string;
  year: number | null;
  snapshot: string | null;
  file: string;
  url: string;
  commit: string;
  sha256: string;
  bytes: number;
  license: string | null;
  loaded: unknown;
  note: string | null;
  issues: number;
}

/** A survey year and its label: its period ("1H 2020"), or the year alone where two waves share it (2021). */
export interface SurveyPeriod {
  year: number;
  period: string;
}

/**
 * survey-years.json: every survey year of the database, with its name ("1H 2020"), its paid
 * panel's share (null: none) and whether it has summaries only (src/survey/survey-years.ts).
 */
export type SurveyYearsFile = SurveyYear[];

/** figures/<id>.json: one figure card's whole data. */
export interface FigureFile {
  definition: SiteFigureDefinition;
  /** Computed with panel years split (community and panel rows beside the whole sample). */
  result: FigureResult;
  /** The survey sources behind the rows' years. */
  sources: SourceRow[];
  surveys: SurveyPeriod[];
  /**
   * The years every trend's axis spans, oldest first: the database's survey years and any year
   * a figure has rows of (the book's printed 2017) — the same axis on every card.
   */
  trendYears: number[];
  /** What the card's downloads say they are: the sources of its years, its questions' wording. */
  provenance: SiteProvenance;
}

/** scorecard.json: each claim of the book, judged, with the card that draws it (if any). */
export type ScorecardFile = (ScoredClaim & { card: string | null })[];

/** figure-pages.json: figure id → the page holding its card. */
export type FigurePagesFile = Record<string, string>;

/** sources.json: the methods page's tables. */
export interface SourcesFile {
  sources: SourceRow[];
  surveys: { source: string; year: number; period: string; respondents: number; sample: number }[];
  questions: {
    id: string;
    label: string;
    type: string;
    description: string | null;
    years: number[];
  }[];
  screening: Record<string, unknown>[];
  panels: Record<string, unknown>[];
  waves: Record<string, unknown>[];
  breaks: Record<string, unknown>[];
}

/** landscape/overview.json: the snapshots and items per category in each. */
export interface LandscapeOverview {
  snapshots: string[];
  categoryCounts: { snapshot: string; category: string; items: number }[];
  /** The landscape sources, for the explorer's download sidecars. */
  provenance: SiteProvenance;
}

/** landscape/items-<snapshot>.json: one snapshot's entries, as `kube-census landscape` filters them. */
export type LandscapeItem = Omit<LandscapeEntry, "path" | "repo_url">;

/** landscape/timeline.json: CNCF projects and the dates they moved through the maturity levels. */
export interface TimelineProject {
  name: string;
  category: string;
  maturity: string;
  accepted: string;
  incubating: string | null;
  graduated: string | null;
  archived: string | null;
}

/** landscape/book.json */
export type BookFile = BookLandscape;

/** landscape/adoption.json */
export type AdoptionFile = ProjectAdoptionRow[];

/** momentum.json: the Momentum page (src/site/momentum-data.ts); never any Crunchbase field. */
export interface MomentumFile {
  /** The processed snapshots, oldest first; every series below has one value per snapshot. */
  snapshots: string[];
  /** Each landscape item with GitHub facts at some snapshot, under its newest name and category. */
  items: {
    key: string;
    name: string;
    category: string;
    maturity: string | null;
    stars: (number | null)[];
    contributors: (number | null)[];
    commits_52w: (number | null)[];
  }[];
  /** Per category (as each snapshot had it) and snapshot: items with GitHub facts and their sums. */
  categories: {
    category: string;
    snapshot: string;
    items: number;
    stars: number;
    contributors: number;
  }[];
  /** Repository changes between consecutive snapshots (momentum_breaks). */
  breaks: { key: string; from_snapshot: string; to_snapshot: string; kind: string }[];
  /** `momentum --adoption`'s rows, with the landscape name of the matched item. */
  adoption: (MomentumAdoptionRow & { landscape_name: string | null })[];
  correlations: RankCorrelation[];
  /** The processed snapshots and survey sources, and the matrices' wording, for the sidecars. */
  provenance: SiteProvenance;
}

/** distributions.json: the Distributions page (src/site/distributions-data.ts). */
export interface DistributionsFile {
  /** Unweighted: `crosstab <q> --by year --summary`. */
  questions: (DistributionView & {
    id: string;
    label: string;
    universe: string;
    years: number[];
    /** The cross-tab's breaks (numbered as its cells and the summaries mark them). */
    breaks: { number: number; year: number; kind: string; text: string }[];
    /** Each scale version and its midpoints, as the CLI states them. */
    scale_text: string[];
    /** Years with answers but no scale in the codebook yet: not shown (the page says so). */
    no_scale: number[];
    /**
     * The same by weighting (data/site/weightings.yml, distributions:): every year raked to one
     * year's mix, its cells (weighted shares, unweighted counts) and summaries, the raking per
     * year as the CLI prints it — or why the CLI refuses it for this question.
     */
    weighted: (
      | ({ id: string; label: string; description: string } & DistributionView & {
            /** The CLI's lines on each year's raking. */
            weighting: string[];
            /** The question is one of the weighting variables: its mix is the target's by construction. */
            self: boolean;
          })
      | { id: string; label: string; refused: string }
    )[];
  })[];
  /** The weightings offered (data/site/weightings.yml, distributions:), in the file's order. */
  weightings: { id: string; label: string; description: string }[];
  disclosure: string;
}

/** What one view of a distribution holds: the same for the unweighted and each weighted one. */
export interface DistributionView {
  /** The command that prints the same numbers. */
  command: string;
  /** Per year and answer offered: the cross-tab's count, base, share and Wilson interval. */
  cells: {
    year: number;
    option: string;
    count: number;
    n: number;
    share: number;
    ci_low: number;
    ci_high: number;
    /** Position on that year's scale, lowest first from 1; null: off the scale. */
    point: number | null;
  }[];
  summary: OrdinalSummary;
  /** Each year's summaries as the CLI's table prints them. */
  shown: ({ year: number } & Record<string, string | number>)[];
}

/** explorer/meta.json: the explorer's dictionary, with every survey source and question wording. */
export type ExplorerMetaFile = ExplorerMeta & { provenance: SiteProvenance };
