/**
 * Which of a cross-tab's rows the explorer draws, and in what order: sorted by share or kept in
 * codebook order, the top N, and only the options whose label holds a search text. Pure, so the
 * page, its CSV download and the Node tests apply the same rule.
 */
import type { CrosstabCell } from "../survey/crosstab-assembly.ts";
import type { CrosstabResult } from "../survey/crosstab-result.ts";

/** The choices the page offers for top-N; "all" keeps every row. */
export const TOP_CHOICES = ["10", "15", "all"] as const;

export interface RowChoice {
  /** "codebook" (the codebook's order, as the CLI prints), or a column letter: by share in it. */
  sort: string;
  /** Options kept per slice, the highest shares in the ranking column first; null: all. */
  top: number | null;
  /** Kept: options whose label holds this text (case and accents ignored); "" keeps all. */
  search: string;
}

export const DEFAULT_ROWS: RowChoice = { sort: "codebook", top: null, search: "" };

/** Lower case without accents, so "kubernetes" finds "Kubernetes" and "cafe" finds "Café". */
const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("en");

/**
 * The column whose shares rank the options: the sort column, or the first column when the order
 * is the codebook's (top-N still keeps the highest shares, shown in codebook order).
 */
export function rankingLetter(result: CrosstabResult, sort: string): string | undefined {
  const letters = result.columns.map((c) => c.letter);
  return letters.includes(sort) ? sort : letters[0];
}

/**
 * The cells drawn. A slice is a year's rows (all years together when the columns are the years)
 * at one matrix level; in each, options are ranked by their share in the ranking column (no share
 * last, ties in codebook order), filtered by the search, cut to the top N, and ordered by that
 * rank or the codebook's. Every column of a kept option stays. Codebook order with no top-N and no
 * search returns the rows unchanged (the CLI's rows).
 */
export function drawnRows(result: CrosstabResult, choice: RowChoice): CrosstabCell[] {
  if (choice.sort === "codebook" && choice.top === null && !choice.search.trim())
    return result.rows;
  const byYear = result.by.id === "year";
  const needle = fold(choice.search.trim());
  const letter = rankingLetter(result, choice.sort);
  const bySort = choice.sort !== "codebook" && letter !== undefined;
  const sliceOf = (c: CrosstabCell) => JSON.stringify([byYear ? 0 : c.year, c.level]);
  // Per slice: the options in codebook order (the rows' order) and the ranking column's share.
  const slices = new Map<string, Map<string, number | null>>();
  for (const c of result.rows) {
    const key = sliceOf(c);
    if (!slices.has(key)) slices.set(key, new Map());
    const options = slices.get(key)!;
    if (!options.has(c.option)) options.set(c.option, null);
    if (c.letter === letter) options.set(c.option, c.share);
  }
  // The rank of each kept option in its slice (absent: not drawn).
  const rank = new Map<string, number>();
  for (const [key, options] of slices) {
    const codebook = [...options.keys()];
    const ranked = codebook
      .filter((o) => !needle || fold(o).includes(needle))
      .map((o) => ({ o, share: options.get(o)!, at: codebook.indexOf(o) }))
      .sort((a, b) => (b.share ?? -1) - (a.share ?? -1) || a.at - b.at)
      .slice(0, choice.top ?? undefined);
    const order = bySort ? ranked : ranked.sort((a, b) => a.at - b.at);
    order.forEach((r, i) => rank.set(JSON.stringify([key, r.o]), i));
  }
  const rankOf = (c: CrosstabCell) => rank.get(JSON.stringify([sliceOf(c), c.option]));
  const kept = result.rows.filter((c) => rankOf(c) !== undefined);
  if (!bySort) return kept;
  // why: a stable sort that moves only the options: the year groups and (for a matrix) the
  // levels keep their order, and each option's cells keep their column order
  const position = new Map<string, number>();
  for (const c of result.rows)
    if (!position.has(sliceOf(c))) position.set(sliceOf(c), position.size);
  return kept
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) =>
        position.get(sliceOf(a.c))! - position.get(sliceOf(b.c))! ||
        rankOf(a.c)! - rankOf(b.c)! ||
        a.i - b.i,
    )
    .map(({ c }) => c);
}

/** A point of the line view: one option's share in one year, and the line segment it is on. */
export interface LinePoint extends CrosstabCell {
  /** Points of one option with the same segment are joined; a new segment starts after a gap. */
  segment: number;
  /** Numbers of the breaks between the previous year shown and this one (the line stops there). */
  breakBefore: number[];
  /** The year of the option's previous point; null for its first. */
  previousYear: number | null;
}

/**
 * The line view of one slice whose columns are the years: per option its shares in year order,
 * cut into segments wherever a year has no share (not offered) or a break lies between two
 * consecutive years, so a line is never drawn across a break; the point after a break names it.
 */
export function linePoints(
  cells: CrosstabCell[],
  result: Pick<CrosstabResult, "columns" | "breaks">,
): LinePoint[] {
  const letters = result.columns.map((c) => c.letter);
  const yearOf = new Map(result.breaks.map((b) => [b.number, b.year]));
  const options = [...new Set(cells.map((c) => c.option))];
  const points: LinePoint[] = [];
  let segment = 0;
  for (const option of options) {
    const mine = new Map(cells.filter((c) => c.option === option).map((c) => [c.letter, c]));
    // The option's last point drawn, and whether the year just before had one (else: a gap).
    let last: CrosstabCell | undefined;
    let joined = false;
    segment++;
    for (const letter of letters) {
      const c = mine.get(letter);
      if (!c || c.share === null) {
        joined = false;
        continue;
      }
      // why: the cell lists the breaks since every earlier year; those taking effect after the
      // option's last point lie between the two (marked even across a gap)
      const breakBefore = last ? c.breaks.filter((n) => (yearOf.get(n) ?? 0) > last!.year) : [];
      if (!joined || breakBefore.length) segment++;
      points.push({ ...c, segment, breakBefore, previousYear: last?.year ?? null });
      last = c;
      joined = true;
    }
  }
  return points;
}
