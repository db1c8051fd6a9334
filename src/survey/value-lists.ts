/**
 * The fixed values the survey commands take, one list each: the CLI's parser, its validation, its
 * error messages and its generated help all read these (src/cli/commands.ts), and the code that
 * acts on a value is typed by its list, so a value added here without its meaning fails tsc.
 * Nothing is imported here: the CLI loads this at every start, before it knows the command.
 */

/** `figure --sample`: the whole sample, or a panel year's community or paid-panel part, or all three. */
export const FIGURE_SAMPLES = ["all", "community", "panel", "split"] as const;
export type FigureSample = (typeof FIGURE_SAMPLES)[number];

/** Which part of a year's sample a cross-tab counts: everyone, or (a year with a paid panel) one part. */
export const CROSSTAB_SAMPLES = ["all", "community", "panel"] as const;
export type CrosstabSample = (typeof CROSSTAB_SAMPLES)[number];

/** The universes a cross-tab can count in (crosstab.ts holds their SQL, keyed by these). */
export const CROSSTAB_UNIVERSE_NAMES = ["respondents", "k8s-users"] as const;
export type CrosstabUniverse = (typeof CROSSTAB_UNIVERSE_NAMES)[number];

/**
 * How the p-values of a table's pairs are corrected: Bonferroni within each row (SPSS Custom
 * Tables' default), Holm's step-down within each row (the same family-wise control, more power),
 * or Benjamini–Hochberg across the whole table (false discovery rate, Q's default).
 */
export const ADJUSTMENTS = ["bonferroni", "holm", "bh"] as const;
export type Adjustment = (typeof ADJUSTMENTS)[number];

/** The response-quality checks, in the order `quality` runs them (quality.ts holds each). */
export const QUALITY_CHECK_NAMES = [
  "straight-lining",
  "breadth",
  "position",
  "nonresponse",
  "speed",
  "panel",
  "marginals",
] as const;
export type QualityCheckName = (typeof QUALITY_CHECK_NAMES)[number];

/** `quality --by`: the splits a check's rows can take (the region question only). */
export const QUALITY_SPLITS = ["region"] as const;

/** `weights --sample`: one part of a year's sample weighted, or (`parts`) community and panel each weighted, compared. */
export const WEIGHT_SAMPLES = ["all", "community", "panel", "parts"] as const;
export type WeightSample = (typeof WEIGHT_SAMPLES)[number];

/** `tabs --format`: the outputs a tab plan writes (any of them, comma-separated; default all). */
export const TAB_FORMATS = ["csv", "json", "xlsx"] as const;
export type TabFormat = (typeof TAB_FORMATS)[number];
