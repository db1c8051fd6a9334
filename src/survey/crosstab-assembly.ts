/**
 * A cross-tab from raw per-column counts: letters, shares, Wilson intervals and column tests.
 * Pure (no Node or DuckDB import): the CLI feeds it DuckDB's counts, the in-browser explorer can
 * feed it counts computed with arquero and get the same table.
 */
import { round } from "./compute-row.ts";
import { testRow } from "./significance.ts";
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
}

export interface CrosstabColumn {
  letter: string;
  label: string;
  /** The column's base summed over the years shown (one respondent is in one year only). */
  n: number;
}

export interface CrosstabCell extends CrosstabCount {
  letter: string;
  /** null when the column has no respondent that year. */
  share: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** n below the test's minimum base: shown, not tested. */
  small_base: boolean;
  /** Letters of the columns of the same row (and year) this cell is significantly higher than. */
  higher_than: string[];
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
}

/** A, B, … Z, AA, AB, …: a banner column's letter. */
export function columnLetter(index: number): string {
  let s = "";
  for (let i = index + 1; i > 0; i = Math.floor((i - 1) / 26))
    s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
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
): { columns: CrosstabColumn[]; rows: CrosstabCell[] } {
  const letters = new Map(order.columns.map((c, i) => [c, columnLetter(i)]));
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
  const cells: CrosstabCell[] = [];
  for (const row of rows.values()) {
    const tests = testRow(row);
    row.forEach((c, i) => {
      const ci = c.n > 0 ? wilson(c.count, c.n) : null;
      cells.push({
        year: c.year,
        column: c.column,
        letter: letters.get(c.column) ?? "?",
        option: c.option,
        level: c.level,
        n: c.n,
        count: c.count,
        share: c.n > 0 ? round(c.count / c.n) : null,
        ci_low: ci && round(ci.low),
        ci_high: ci && round(ci.high),
        small_base: tests.smallBase[i]!,
        higher_than: tests.higherThan[i]!.map((j) => letters.get(row[j]!.column) ?? "?"),
      });
    });
  }
  const bases = new Map<string, number>();
  for (const c of new Map(counts.map((c) => [`${c.year}\u0000${c.column}`, c])).values())
    bases.set(c.column, (bases.get(c.column) ?? 0) + c.n);
  const columns = order.columns.map((label, i) => ({
    letter: columnLetter(i),
    label,
    n: bases.get(label) ?? 0,
  }));
  return { columns, rows: cells };
}
