/**
 * A cross-tab from raw per-column counts: letters, shares, Wilson intervals and column tests.
 * Pure (no Node or DuckDB import): the CLI feeds it DuckDB's counts, the in-browser explorer can
 * feed it counts computed with arquero and get the same table.
 */
import { round } from "./compute-row.ts";
import {
  rowDifferences,
  rowTrend,
  type CrosstabDifference,
  type CrosstabTrend,
} from "./crosstab-inference.ts";
import {
  adjustTests,
  higherThan,
  rowPairs,
  type Adjustment,
  type PairOverlap,
  type PairTest,
} from "./significance.ts";
import { wilson } from "./wilson.ts";

/** One cell's raw counts: in `year`, of the respondents in banner `column`, n answered, count chose. */
export interface CrosstabCount {
  year: number;
  /** The banner option's label (the year as a string when the banner is the year). */
  column: string;
  /** The row option's codebook label. */
  option: string;
  /** The matrix level; null for single and multi questions and a matrix's free-text box. */
  level: string | null;
  n: number;
  count: number;
  /** The column's respondents who reached the question (asked), and who answered it. */
  asked?: number;
  answered?: number;
  /**
   * A weighted cross-tab (crosstab-weights.ts): Σw over the base's respondents, Σw² over them,
   * and Σw over those who chose. n and count stay the unweighted counts; the share is
   * weighted_count / weighted_n, and every interval and test runs on the base's effective n,
   * n_eff = (Σw)²/Σw² (Kish). All three or none.
   */
  weighted_n?: number;
  weighted_sq?: number;
  weighted_count?: number;
  /** Weighted: Σw² over those who chose (the weighted ordinal summary's n_eff, ordinal-weighted.ts). */
  weighted_count_sq?: number;
}

export interface CrosstabColumn {
  letter: string;
  label: string;
  /** The column's base summed over the years shown (one respondent is in one year only). */
  n: number;
  /** Weighted: Σw of that base, its effective n over those years and design effect n / n_eff. */
  weighted_n?: number;
  n_eff?: number;
  design_effect?: number | null;
}

export interface CrosstabCell extends CrosstabCount {
  letter: string;
  /** asked − answered: reached the question and gave no answer. */
  no_answer?: number;
  /** null when the column has no respondent that year. */
  share: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** n below the test's minimum base: shown, not tested. */
  small_base: boolean;
  /** Letters of the columns of the same row (and year) this cell is significantly higher than. */
  higher_than: string[];
  /** Letters of well-based columns not tested against: their smallest expected count is under 5. */
  low_expected: string[];
  /** Letters of columns (years) this cell is not comparable with: a break lies between them. */
  not_comparable: string[];
  /** Numbers (in the result's `breaks`) of the breaks between this year and the years before it. */
  breaks: number[];
  /** With a net in the banner: letters of columns sharing respondents with this one, not tested. */
  overlapping?: string[];
  /** Weighted: count / n, the share before weighting (share is then the weighted share). */
  unweighted_share?: number | null;
  /** Weighted: the base's effective n, (Σw)²/Σw², and Kish's design effect n / n_eff. */
  n_eff?: number;
  design_effect?: number | null;
}

/** How many column tests a table ran, how they were corrected, and which pairs it left untested. */
export interface CrosstabTests {
  adjustment: Adjustment;
  /** Pairs tested. */
  run: number;
  significant: number;
  /** Pairs not tested because their smallest expected count is under 5. */
  low_expected: number;
  /** Pairs of years not tested because a break affecting the row lies between them. */
  not_comparable: number;
  /** Cells with a base under 30, never tested. */
  small_base: number;
  /** With a net in the banner: pairs of columns sharing respondents, not tested. */
  overlapping?: number;
}

export interface CrosstabOrder {
  /** Banner labels in codebook order (years ascending); lettered A, B, C… in this order. */
  columns: string[];
  /** Row options in codebook order. */
  options: string[];
  /** Matrix levels in codebook order. */
  levels?: string[];
  /** Banner is the year: one row compares years, instead of columns within each year. */
  byYear: boolean;
  adjustment?: Adjustment;
  /**
   * Banner is the year: the breaks (numbers) between two years that affect a row; a pair with any
   * is not tested. Years are compared only where this says nothing lies between them.
   */
  breaksBetween?: (option: string, level: string | null, from: number, to: number) => number[];
  /**
   * Banner columns that share respondents (a net and its members): such a pair is not tested,
   * and cells and tests then say which pairs overlapped.
   */
  overlaps?: (a: string, b: string) => boolean;
  /**
   * A banner whose columns share respondents (multi-select): who is in both columns' bases in a
   * year, and chose the row; such pairs get the overlap-aware test and interval.
   */
  overlap?: (
    year: number,
    option: string,
    level: string | null,
    a: string,
    b: string,
  ) => WeightedOverlap | undefined;
}

/** A pair's shared respondents; weighted, Σw and Σw² over them and Σw of who of them chose. */
export interface WeightedOverlap extends PairOverlap {
  weighted_n?: number;
  weighted_sq?: number;
  weighted_count?: number;
}

/**
 * The overlap of two weighted columns in the terms effectiveCount gives their cells: Kish's
 * covariance of two overlapping means (Survey Sampling, 1965, §12.4) with weights is
 * cov(p_a, p_b) = σ²·Σ_ab w²/(Σ_a w·Σ_b w), so the dependent test's variance
 * σ²(1/n_a + 1/n_b − 2·n_ab/(n_a·n_b)) holds with n_a, n_b the columns' effective n and
 *   n_ab = Σ_ab w² · n_eff,a · n_eff,b / (Σ_a w · Σ_b w),
 * and who of them chose is the shared ones' weighted share of that: count = (Σ_ab w·y / Σ_ab w)·n_ab.
 * With every weight 1 these are n_ab and x_ab exactly; `respondents` keeps the people shared.
 */
export function effectiveOverlap(
  a: CrosstabCount,
  b: CrosstabCount,
  o: WeightedOverlap,
): PairOverlap {
  if (o.weighted_n === undefined || a.weighted_n === undefined || b.weighted_n === undefined)
    throw new Error("effectiveOverlap: a weighted pair needs its columns' and overlap's Σw");
  if (o.n === 0 || o.weighted_n === 0 || a.weighted_n === 0 || b.weighted_n === 0)
    return { n: 0, count: 0, respondents: o.n };
  const nEff = (c: CrosstabCount) => c.weighted_n! ** 2 / c.weighted_sq!;
  const n = (o.weighted_sq! * nEff(a) * nEff(b)) / (a.weighted_n * b.weighted_n);
  return { n, count: (o.weighted_count! / o.weighted_n) * n, respondents: o.n };
}

/** A, B, … Z, AA, AB, …: a banner column's letter. */
export function columnLetter(index: number): string {
  let s = "";
  for (let i = index + 1; i > 0; i = Math.floor((i - 1) / 26))
    s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/**
 * What inference sees of a cell: its own counts, or, weighted, the weighted share as a count of
 * the base's effective n (p·n_eff of n_eff) — the simple random sample with the same variance, so
 * Wilson's interval, the z-tests, Newcombe's interval and the trend test all run on n_eff.
 */
export function effectiveCount<T extends CrosstabCount>(c: T): T {
  if (c.weighted_n === undefined) return c;
  const nEff = c.weighted_n > 0 ? c.weighted_n ** 2 / c.weighted_sq! : 0;
  const share = c.weighted_n > 0 ? c.weighted_count! / c.weighted_n : 0;
  return { ...c, n: nEff, count: share * nEff };
}

/** Position in a codebook list; labels it does not list go last, keeping their order. */
const rank = (list: readonly string[]) => {
  const at = new Map(list.map((x, i) => [x, i]));
  return (x: string | null) => (x === null ? -1 : (at.get(x) ?? list.length));
};

/** Lays raw counts out as the banner table: cells ordered year, option, level, column; tests per row. */
export function assembleCrosstab(
  counts: CrosstabCount[],
  order: CrosstabOrder,
): {
  columns: CrosstabColumn[];
  rows: CrosstabCell[];
  tests: CrosstabTests;
  differences: CrosstabDifference[];
  trends: CrosstabTrend[];
} {
  const letters = new Map(order.columns.map((c, i) => [c, columnLetter(i)]));
  const letter = (c: CrosstabCount) => letters.get(c.column) ?? "?";
  const col = rank(order.columns);
  const opt = rank(order.options);
  const lvl = rank(order.levels ?? []);
  // why: with the year as banner every year is a column of the same row; otherwise years are apart
  const group = (c: CrosstabCount) => (order.byYear ? 0 : c.year);
  const sorted = [...counts].sort(
    (a, b) =>
      group(a) - group(b) ||
      opt(a.option) - opt(b.option) ||
      lvl(a.level) - lvl(b.level) ||
      col(a.column) - col(b.column),
  );
  const rows = new Map<string, CrosstabCount[]>();
  for (const c of sorted) {
    const key = JSON.stringify([group(c), c.option, c.level]);
    if (!rows.has(key)) rows.set(key, []);
    rows.get(key)!.push(c);
  }
  const between = (row: CrosstabCount[], i: number, j: number) => {
    if (!order.byYear || !order.breaksBetween) return [];
    const [a, b] = [row[i]!.year, row[j]!.year].sort((x, y) => x - y) as [number, number];
    return order.breaksBetween(row[0]!.option, row[0]!.level, a, b);
  };
  const netOverlap = (row: CrosstabCount[], i: number, j: number) =>
    !!order.overlaps?.(row[i]!.column, row[j]!.column);
  const weighted = counts.some((c) => c.weighted_n !== undefined);
  // why: raw cells (Σw, Σw²), not the effective ones: a weighted overlap is made effective here
  const shared = (raw: CrosstabCount[], i: number, j: number) => {
    const o = order.overlap?.(
      raw[i]!.year,
      raw[i]!.option,
      raw[i]!.level,
      raw[i]!.column,
      raw[j]!.column,
    );
    return o && weighted ? effectiveOverlap(raw[i]!, raw[j]!, o) : o;
  };
  if (weighted && counts.some((c) => c.weighted_n === undefined))
    throw new Error("assembleCrosstab: every count or none must carry weights");
  const laid = [...rows.values()].map((raw) => {
    const row = raw.map(effectiveCount);
    const pairs = rowPairs(
      row,
      (i, j) => !netOverlap(row, i, j) && between(row, i, j).length === 0,
      undefined,
      (i, j) => shared(raw, i, j),
    );
    // why: rowPairs has one "not compared" list; a net and its member is not a break between years
    const overlapping = pairs.notComparable.filter(([i, j]) => netOverlap(row, i, j));
    pairs.notComparable = pairs.notComparable.filter(([i, j]) => !netOverlap(row, i, j));
    return { row, raw, pairs, overlapping };
  });
  const adjustment = order.adjustment ?? "bonferroni";
  adjustTests(
    laid.map((r) => r.pairs.tested),
    adjustment,
  );
  const cells: CrosstabCell[] = [];
  const tests: CrosstabTests = {
    adjustment,
    run: 0,
    significant: 0,
    low_expected: 0,
    not_comparable: 0,
    small_base: 0,
  };
  if (order.overlaps) tests.overlapping = 0;
  const differences: CrosstabDifference[] = [];
  const trends: CrosstabTrend[] = [];
  for (const { row, raw, pairs, overlapping } of laid) {
    differences.push(...rowDifferences(row, pairs.tested, (i) => letter(row[i]!), order.byYear));
    if (order.byYear)
      trends.push(
        rowTrend(
          row,
          (from, to) => order.breaksBetween?.(row[0]!.option, row[0]!.level, from, to) ?? [],
        ),
      );
    const higher = higherThan(row.length, pairs.tested);
    const partners = (list: [number, number][], i: number) =>
      list.flatMap(([a, b]) => (a === i ? [letter(row[b]!)] : b === i ? [letter(row[a]!)] : []));
    tests.run += pairs.tested.length;
    tests.significant += pairs.tested.filter((t: PairTest) => t.significant).length;
    tests.low_expected += pairs.lowExpected.length;
    tests.not_comparable += pairs.notComparable.length;
    if (order.overlaps) tests.overlapping! += overlapping.length;
    tests.small_base += pairs.smallBase.filter(Boolean).length;
    row.forEach((e, i) => {
      // why: c holds the unweighted counts shown; e what inference sees (the same, unweighted)
      const c = raw[i]!;
      const ci = e.n > 0 ? wilson(e.count, e.n) : null;
      // why: a year's breaks are those between it and every earlier year of the row
      const breaks = new Set(row.slice(0, i).flatMap((_, j) => between(row, j, i)));
      cells.push({
        year: c.year,
        column: c.column,
        letter: letter(c),
        option: c.option,
        level: c.level,
        n: c.n,
        count: c.count,
        ...(c.asked === undefined
          ? {}
          : { asked: c.asked, answered: c.answered, no_answer: c.asked - c.answered! }),
        share: e.n > 0 ? round(e.count / e.n) : null,
        ci_low: ci && round(ci.low),
        ci_high: ci && round(ci.high),
        small_base: pairs.smallBase[i]!,
        higher_than: higher[i]!.map((j) => letter(row[j]!)),
        low_expected: partners(pairs.lowExpected, i),
        not_comparable: partners(pairs.notComparable, i),
        ...(order.overlaps && { overlapping: partners(overlapping, i) }),
        breaks: [...breaks].sort((a, b) => a - b),
        ...(c.weighted_n !== undefined && {
          weighted_n: round(c.weighted_n),
          weighted_sq: round(c.weighted_sq!),
          weighted_count: round(c.weighted_count!),
          ...(c.weighted_count_sq !== undefined && {
            weighted_count_sq: round(c.weighted_count_sq),
          }),
          unweighted_share: c.n > 0 ? round(c.count / c.n) : null,
          n_eff: round(e.n),
          design_effect: e.n > 0 ? round(c.n / e.n) : null,
        }),
      });
    });
  }
  // why: with --valid a matrix's rows have bases of their own; a column's base in a year is then
  // its largest row base (the same whatever order the counts come in)
  const yearBases = new Map<string, CrosstabCount>();
  for (const c of counts) {
    const key = `${c.year}\u0000${c.column}`;
    if ((yearBases.get(key)?.n ?? -1) < c.n) yearBases.set(key, c);
  }
  const bases = new Map<string, { n: number; w: number; sq: number }>();
  for (const c of yearBases.values()) {
    const b = bases.get(c.column) ?? { n: 0, w: 0, sq: 0 };
    bases.set(c.column, {
      n: b.n + c.n,
      w: b.w + (c.weighted_n ?? 0),
      sq: b.sq + (c.weighted_sq ?? 0),
    });
  }
  const columns = order.columns.map((label, i): CrosstabColumn => {
    const b = bases.get(label) ?? { n: 0, w: 0, sq: 0 };
    // why: each year is weighted on its own; over several years Σw and Σw² add up
    const nEff = b.sq > 0 ? b.w ** 2 / b.sq : 0;
    return {
      letter: columnLetter(i),
      label,
      n: b.n,
      ...(weighted && {
        weighted_n: round(b.w),
        n_eff: round(nEff),
        design_effect: nEff > 0 ? round(b.n / nEff) : null,
      }),
    };
  });
  return { columns, rows: cells, tests, differences, trends };
}
