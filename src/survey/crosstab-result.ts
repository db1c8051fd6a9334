/**
 * The cross-tab after counting: which rows `--comparable` keeps, which columns exist, the pure
 * assembly with its tests, the breaks the cells name (renumbered 1, 2, …) and the result as the
 * CLI prints it. Pure (no Node or DuckDB import): the CLI feeds it DuckDB's counts and stored
 * breaks, the in-browser explorer its own counts and the explorer file's copy of the breaks, and
 * both get the same result from the same code.
 */
import {
  assembleCrosstab,
  type CrosstabCell,
  type CrosstabColumn,
  type CrosstabCount,
  type CrosstabTests,
} from "./crosstab-assembly.ts";
import { BASES } from "./crosstab-bases.ts";
import {
  breaksBetween,
  crosstabBreaks,
  type CrosstabBreak,
  type StoredBreak,
} from "./crosstab-breaks.ts";
import type { CodebookQuestion } from "./crosstab-codebook.ts";
import { netBreaks, type CrosstabNet } from "./crosstab-nets.ts";
import { finishTrends, type CrosstabDifference, type CrosstabTrend } from "./crosstab-inference.ts";
import { SAMPLING_DISCLOSURE } from "./disclosure.ts";
import { sampleBreaks, type PanelShare } from "./sample-breaks.ts";
import { significanceMethod, type Adjustment } from "./significance.ts";
import type { CrosstabSample, CrosstabUniverse } from "./value-lists.ts";
import {
  WEIGHTED_DISCLOSURE,
  WEIGHTED_METHOD,
  WEIGHTED_OVERLAP_METHOD,
  type CrosstabWeight,
  type CrosstabWeighting,
} from "./crosstab-weighting.ts";

// The universes and sample parts are value lists the CLI reads (value-lists.ts).
export { CROSSTAB_SAMPLES, type CrosstabSample, type CrosstabUniverse } from "./value-lists.ts";

/**
 * One `--where`: the respondent chose `option` of `question` (at `level`, for a matrix), or any of
 * `options` (OR, or a net's members; `option` is then the name shown); with `kind` "answered"
 * gave any answer to the question, "panel" is in 2022's paid panel (`question` "panel"); `not`
 * keeps the respondents the rest does not match (crosstab-filter.ts words it).
 */
export interface CrosstabFilter {
  question: string;
  option: string;
  level: string | null;
  /** Any of these (the level, for a matrix, is then `levels`); absent: `option` alone. */
  options?: string[];
  /** A matrix filter's levels, any of them (OR or a box); absent: `level` alone. */
  levels?: string[];
  kind?: "answered" | "panel";
  not?: boolean;
}

/** A validated cross-tab request: every id, option and year is known to the codebook and the data. */
export interface CrosstabSpec {
  question: CodebookQuestion;
  /** A single-choice banner question, the survey year, or (years with a panel) the sample part. */
  by: CodebookQuestion | "year" | "sample";
  years: number[];
  universe: CrosstabUniverse;
  filters: CrosstabFilter[];
  /** The row question's matrix levels in codebook order. */
  levels?: string[];
  /** Default "all": the published samples. */
  sample?: CrosstabSample;
  /** Leave don't-know / not-applicable answers out of the base (and their rows out). */
  valid?: boolean;
  /** Keep only rows offered, with no break affecting them, in every year shown. */
  comparable?: boolean;
  adjustment?: Adjustment;
  /** Nets in play: the row question's and the banner's are rows / columns, any in --where. */
  nets?: CrosstabNet[];
  /**
   * Weight the respondents: each year (with `by: "sample"`, each part) raked on its own to the
   * target's margins over `by`, before the universe and filters; shares weighted, inference on
   * n_eff (crosstab-weighting.ts).
   */
  weight?: CrosstabWeight;
}

export interface CrosstabResult {
  question: { id: string; label: string; type: string };
  by: { id: string; label: string };
  universe: { id: CrosstabUniverse; description: string };
  filters: CrosstabFilter[];
  /** The nets shown as rows or columns (absent when none is). */
  nets?: Omit<CrosstabNet, "offered">[];
  years: number[];
  sample: CrosstabSample;
  /** The base each share is of: answered (default) or valid (--valid). */
  base: { id: "answered" | "valid"; description: string };
  comparable: boolean;
  method: string;
  /** Self-selected samples (weighted or not): what the intervals and letters can claim. */
  disclosure: string;
  /** Weighted (`spec.weight`): the targets and each year's (or part's) raking. */
  weighting?: CrosstabWeighting;
  tests: CrosstabTests;
  /** Every tested pair's difference (b − a) with its 95% Newcombe interval, in the rows' order. */
  differences: CrosstabDifference[];
  /** With the year as banner: each row's Cochran–Armitage trend, or why it was not tested. */
  trends: CrosstabTrend[];
  /** The breaks inside the years shown that affect some row, numbered; cells name them. */
  breaks: CrosstabBreak[];
  columns: CrosstabColumn[];
  rows: CrosstabCell[];
}

/** What a universe brings to the breaks: its description, defining questions and what it holds. */
export interface CrosstabScope {
  description: string;
  /** The questions that decide who is in it; their breaks move the universe itself. */
  questions: string[];
  holds?: { passed: string[]; counted: string[] };
}

export type { PanelShare } from "./sample-breaks.ts";

/**
 * Respondents in the bases of two columns of a banner that overlaps (multi-select), per row: `a`
 * and `b` are the columns' labels with a < b (as strings), n who is in both bases, count who of
 * them chose the row; weighted, Σw and Σw² over who is in both and Σw of who of them chose.
 */
export interface CrosstabOverlapCount {
  year: number;
  a: string;
  b: string;
  option: string;
  level: string | null;
  n: number;
  count: number;
  weighted_n?: number;
  weighted_sq?: number;
  weighted_count?: number;
}

/**
 * The result from a request's raw counts (exactly the rows crosstab.ts's counts query returns),
 * the stored breaks of its row, filter and universe questions (in `question_breaks` id order),
 * the panel years (ascending), the universe's scope and, for a banner whose columns share
 * respondents, the pairs' overlaps (crosstab.ts's pairs query; none otherwise).
 */
export function finishCrosstab(
  spec: CrosstabSpec,
  raw: CrosstabCount[],
  stored: StoredBreak[],
  panels: PanelShare[],
  scope: CrosstabScope,
  overlaps: CrosstabOverlapCount[] = [],
  weighting?: CrosstabWeighting,
): CrosstabResult {
  const byYear = spec.by === "year";
  const sample = spec.sample ?? "all";
  const valid = spec.valid ?? false;
  // why: --where panel / !panel picks a sample part, as --sample does: no panel break then
  const wholeSample = sample === "all" && !spec.filters.some((f) => f.kind === "panel");
  const nets = spec.nets ?? [];
  const rowNets = new Map(
    nets.filter((n) => n.question === spec.question.id).map((n) => [n.name, n]),
  );
  const breaks = crosstabBreaks([...stored, ...nets.flatMap((n) => netBreaks(n, spec.years))], {
    question: spec.question.id,
    filters: spec.filters,
    universe: [...scope.questions],
    holds: scope.holds,
    years: spec.years,
    valid,
    // why: only the whole sample mixes the panel in; its community part is comparable in kind
    sampleBreaks: wholeSample ? sampleBreaks(panels, spec.years) : [],
  });
  // why: a net row carries its own breaks and every break of one of its members
  const between = (option: string, level: string | null, from: number, to: number) => {
    const net = rowNets.get(level ?? option);
    const over = net?.over === "options" ? [option, ...net.members] : [option];
    return [...new Set(over.flatMap((o) => breaksBetween(breaks, o, from, to)))].sort(
      (a, b) => a - b,
    );
  };
  let counts = raw;
  if (spec.comparable) {
    // why: a row is kept only if every year shown offered it and nothing lies between them
    const first = Math.min(...spec.years);
    const last = Math.max(...spec.years);
    const offeredIn = new Map<string, Set<number>>();
    for (const c of counts) {
      const key = JSON.stringify([c.option, c.level]);
      if (!offeredIn.has(key)) offeredIn.set(key, new Set());
      offeredIn.get(key)!.add(c.year);
    }
    counts = counts.filter(
      (c) =>
        offeredIn.get(JSON.stringify([c.option, c.level]))!.size === spec.years.length &&
        between(c.option, c.level, first, last).length === 0,
    );
  }
  const bannerNets = new Map(
    typeof spec.by === "object"
      ? nets.filter((n) => n.question === (spec.by as CodebookQuestion).id).map((n) => [n.name, n])
      : [],
  );
  // why: a banner option nobody of the universe chose (after the filters) is no column at all
  const present = new Set(counts.filter((c) => c.n > 0).map((c) => c.column));
  const columns =
    spec.by === "year"
      ? spec.years.map(String)
      : spec.by === "sample"
        ? ["community", "panel"].filter((c) => present.has(c))
        : [...spec.by.options, ...bannerNets.keys()].filter((o) => present.has(o));
  const adjustment = spec.adjustment ?? "bonferroni";
  const [optionNets, levelNets] = (["options", "levels"] as const).map((over) =>
    [...rowNets.values()].filter((n) => n.over === over).map((n) => n.name),
  );
  // why: a net column shares respondents with its members' columns (and with a net sharing a
  // member): such a pair is not two independent samples, so it is not tested
  const group = (c: string) => bannerNets.get(c)?.members ?? [c];
  const shared = new Map(
    overlaps.map((o) => [JSON.stringify([o.year, o.option, o.level, o.a, o.b]), o]),
  );
  const table = assembleCrosstab(
    counts.filter((c) => byYear || present.has(c.column)),
    {
      columns,
      options: [...spec.question.options, ...optionNets!],
      levels: spec.levels && [...spec.levels, ...levelNets!],
      byYear,
      adjustment,
      breaksBetween: between,
      ...(bannerNets.size && {
        overlaps: (a: string, b: string) => group(a).some((m) => group(b).includes(m)),
      }),
      overlap: (year, option, level, a, b) =>
        shared.get(JSON.stringify([year, option, level, ...(a < b ? [a, b] : [b, a])])),
    },
  );
  // why: list only the breaks the table's cells name (a row --comparable dropped takes its own
  // away), numbered 1, 2, … in the order they are listed
  const shown = breaks.filter((b) => table.rows.some((c) => c.breaks.includes(b.number)));
  const renumber = new Map(shown.map((b, i) => [b.number, i + 1]));
  for (const c of table.rows) c.breaks = c.breaks.map((n) => renumber.get(n)!);
  finishTrends(
    table.trends,
    adjustment,
    (n) => renumber.get(n)!,
    new Set(shown.filter((b) => b.role === "sample").map((b) => renumber.get(b.number)!)),
  );
  return {
    question: { id: spec.question.id, label: spec.question.label, type: spec.question.type },
    by:
      spec.by === "year"
        ? { id: "year", label: "Survey year" }
        : spec.by === "sample"
          ? { id: "sample", label: "Sample (community or paid panel)" }
          : { id: spec.by.id, label: spec.by.label },
    universe: { id: spec.universe, description: scope.description },
    filters: spec.filters,
    ...(rowNets.size + bannerNets.size && {
      nets: [...rowNets.values(), ...bannerNets.values()].map(
        ({ question, name, over, members, source }) => ({ question, name, over, members, source }),
      ),
    }),
    years: spec.years,
    sample,
    base: valid
      ? { id: "valid", description: BASES.valid }
      : { id: "answered", description: BASES.answered },
    comparable: spec.comparable ?? false,
    method:
      significanceMethod(adjustment, {
        overlap: table.differences.some((d) => d.overlap > 0),
        byYear,
      }) +
      (spec.weight ? WEIGHTED_METHOD : "") +
      (spec.weight && table.differences.some((d) => d.overlap > 0) ? WEIGHTED_OVERLAP_METHOD : ""),
    disclosure: spec.weight ? WEIGHTED_DISCLOSURE : SAMPLING_DISCLOSURE,
    ...(weighting && { weighting }),
    tests: table.tests,
    differences: table.differences,
    trends: table.trends,
    breaks: shown.map((b) => ({ ...b, number: renumber.get(b.number)! })),
    columns: table.columns,
    rows: table.rows,
  };
}
