/**
 * What a cross-tab says about change, beyond its letters: a 95% interval for the difference of
 * every pair of columns the letters compare (Newcombe's hybrid score interval, newcombe.ts), and,
 * with the year as banner, a Cochran–Armitage trend test across the years of each row where no
 * break lies between them (trend.ts). Pure (no Node or DuckDB import): the CLI and the explorer
 * get the same numbers from the same code.
 */
import { round } from "./compute-row.ts";
import { newcombe } from "./newcombe.ts";
import { adjustTests, MIN_BASE, type Adjustment, type PairTest } from "./significance.ts";
import { cochranArmitage } from "./trend.ts";

/** One tested pair of a row: the second column's share minus the first's, with its interval. */
export interface CrosstabDifference {
  /** The row's year; null when the banner is the year (the columns are the years). */
  year: number | null;
  option: string;
  level: string | null;
  /** Letters: the difference is b's share minus a's (a comes first: with years, the earlier). */
  a: string;
  b: string;
  difference: number;
  ci_low: number;
  ci_high: number;
  z: number;
  p: number;
  /** After the table's adjustment: the same verdict as the letters. */
  significant: boolean;
  /** Respondents in both columns' bases (a multi-select banner); 0 for independent columns. */
  overlap: number;
}

/** A row's trend across the years shown, or why it was not tested. */
export interface CrosstabTrend {
  option: string;
  level: string | null;
  /**
   * The years tested (the trend's groups, scored by the year; 1H 2020 is 2020): every year the
   * row has a base in, or the longest unbroken run of them when a break cuts them.
   */
  years: number[];
  z: number | null;
  p: number | null;
  /** The share's change per year (weighted least-squares line), a proportion. */
  slope: number | null;
  direction: "up" | "down" | "flat" | null;
  /** After the table's adjustment over its trend tests. */
  significant: boolean;
  /** Why not tested: fewer than three years, a base under 30, or breaks between the years. */
  not_tested: "years" | "small_base" | "break" | null;
  /** The breaks (numbers in the result's `breaks`) between the row's first and last year shown. */
  breaks: number[];
  /** The reason in words (empty when tested). */
  note: string;
}

/** The cells of one row of the table as the assembly laid them out. */
interface RowCell {
  year: number;
  option: string;
  level: string | null;
  n: number;
  count: number;
}

/** Rounds a p-value to 4 significant digits: tiny ones stay readable as tiny. */
const roundP = (p: number) => Number(p.toPrecision(4));

/** Every tested pair's difference and interval, in the row's order (pairs as the tests list them). */
export function rowDifferences(
  row: RowCell[],
  tested: PairTest[],
  letter: (i: number) => string,
  byYear: boolean,
): CrosstabDifference[] {
  return tested.map((t) => {
    const [a, b] = [row[t.i]!, row[t.j]!];
    const ci = newcombe(a, b, t.overlap);
    return {
      year: byYear ? null : a.year,
      option: a.option,
      level: a.level,
      a: letter(t.i),
      b: letter(t.j),
      difference: round(ci.difference),
      ci_low: round(ci.low),
      ci_high: round(ci.high),
      // why: z is a − b in the tests; the difference is b − a, so its z has the other sign
      z: round(-t.z),
      p: roundP(t.p),
      significant: t.significant,
      // why: the people shared, also when the test ran on a weighted (effective) overlap
      overlap: t.overlap?.respondents ?? t.overlap?.n ?? 0,
    };
  });
}

/**
 * A row's trend across years (banner = year). Tested over three or more years, each with a base
 * of at least 30, with no break affecting the row between the first and the last — the same breaks
 * that stop the letters, the 2022 paid panel among them when the whole sample is shown (its
 * community part is comparable). Where a break cuts the row's years, the trend is tested over the
 * longest unbroken run of them (the latest, on a tie) if it has three years, and says which breaks
 * it left out. The p-values are corrected over the table's trend tests by `finishTrends`.
 */
export function rowTrend(
  row: RowCell[],
  breaksBetween: (from: number, to: number) => number[],
): CrosstabTrend {
  const cells = row.filter((c) => c.n > 0);
  const all = cells.map((c) => c.year);
  const base = {
    option: row[0]!.option,
    level: row[0]!.level,
    years: all,
    z: null,
    p: null,
    slope: null,
    direction: null,
    significant: false,
    breaks: [] as number[],
    note: "",
  };
  if (all.length < 3) return { ...base, not_tested: "years" };
  const breaks = breaksBetween(all[0]!, all.at(-1)!);
  let [from, to] = [0, cells.length - 1];
  if (breaks.length) {
    // why: the longest run of consecutive years with nothing between its ends (latest on a tie)
    let best: [number, number] = [0, 0];
    for (let i = 0; i < cells.length; i++)
      for (let j = i; j < cells.length; j++)
        if (breaksBetween(all[i]!, all[j]!).length === 0 && j - i >= best[1] - best[0])
          best = [i, j];
    [from, to] = best;
    if (to - from < 2) return { ...base, not_tested: "break", breaks };
  }
  const run = cells.slice(from, to + 1);
  // why: only the years tested need a base the normal approximation holds for
  const small = run.filter((c) => c.n < MIN_BASE).map((c) => c.year);
  if (small.length) return { ...base, not_tested: "small_base", breaks, note: small.join(", ") };
  const t = cochranArmitage(run.map((c) => ({ score: c.year, count: c.count, n: c.n })));
  return {
    ...base,
    years: run.map((c) => c.year),
    z: round(t.z),
    p: roundP(t.p),
    slope: round(t.slope),
    direction: t.direction,
    breaks,
    not_tested: null,
  };
}

/**
 * Marks the trends significant after the table's adjustment (Bonferroni or Holm over the table's
 * trend tests, one family; Benjamini–Hochberg over them), renumbers their breaks as the table
 * does, and words each reason.
 */
export function finishTrends(
  trends: CrosstabTrend[],
  adjustment: Adjustment,
  renumber: (n: number) => number,
  panelBreaks: Set<number>,
): void {
  const tested = trends.filter((t) => t.p !== null) as (CrosstabTrend & { p: number })[];
  adjustTests([tested], adjustment);
  for (const t of trends) {
    t.breaks = t.breaks.map(renumber);
    if (t.not_tested === "years")
      t.note = `not tested: a trend needs three or more years (this row has ${t.years.length})`;
    else if (t.not_tested === "small_base")
      t.note = `not tested: base under ${MIN_BASE} in ${t.note}`;
    else if (t.breaks.length) {
      const breaks = `break${t.breaks.length > 1 ? "s" : ""} ${t.breaks.join(", ")}`;
      const panel = t.breaks.some((b) => panelBreaks.has(b))
        ? " (the whole 2022 sample mixes the paid panel in: --sample community compares like with like)"
        : "";
      t.note =
        t.not_tested === "break"
          ? `not tested: ${breaks} leave no three years unbroken${panel}`
          : `over ${t.years[0]}–${t.years.at(-1)} only: ${breaks} cut the other years off${panel}`;
    }
  }
}
