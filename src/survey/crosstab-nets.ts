/**
 * Nets: a named group of a question's options (a matrix: of its levels — a top-2 box, "using or
 * evaluating"). A net counts a respondent once if they chose any of its members, so on a
 * multi-select question it is not the sum of its members' counts; its base is the question's.
 * Pure (no Node or DuckDB import): the CLI resolves nets against the codebook, the result reads
 * their breaks here.
 */
import type { StoredBreak } from "./crosstab-breaks.ts";

export interface CrosstabNet {
  question: string;
  name: string;
  /** options: single and multi questions; levels: a matrix's scale (one more level per row). */
  over: "options" | "levels";
  /** Codebook labels, in the order given. */
  members: string[];
  /** The codebook's standard net, or one given with --net. */
  source: "codebook" | "user";
  /**
   * Per survey year of the cross-tab, the members that year offered (options only; a matrix's
   * levels are the same every year). Filled in by the CLI from `survey_offered`.
   */
  offered?: Record<number, string[]>;
}

/**
 * Splits a member list as typed: on `|` when it holds one (no codebook label does), else on
 * commas — where a label itself holds a comma ("Yes, in production", "5,000-19,999"), adjacent
 * pieces are joined back into the longest label they spell. `find` returns the codebook label a
 * text names (case-insensitive), or undefined. Returns the labels, or the piece no label starts.
 */
export function splitMembers(
  text: string,
  find: (label: string) => string | undefined,
): { members: string[] } | { unknown: string } {
  if (text.includes("|")) {
    const members: string[] = [];
    for (const piece of text.split("|")) {
      const found = find(piece.trim());
      if (found === undefined) return { unknown: piece.trim() };
      members.push(found);
    }
    return { members };
  }
  const pieces = text.split(",");
  const members: string[] = [];
  for (let i = 0; i < pieces.length;) {
    let next = -1;
    // why: the longest label first, so "Yes, in production" wins over a "Yes" that is no label
    for (let j = pieces.length; j > i && next < 0; j--) {
      const found = find(pieces.slice(i, j).join(",").trim());
      if (found !== undefined) {
        members.push(found);
        next = j;
      }
    }
    if (next < 0) return { unknown: pieces[i]!.trim() };
    i = next;
  }
  return { members };
}

/**
 * The breaks a net over options adds: a year that offered a different set of its members than
 * the year before it shown. Its count there is not the same group's — the break machinery then
 * keeps the row's years apart. A matrix's levels do not change by year, so a box adds none.
 */
export function netBreaks(net: CrosstabNet, years: number[]): StoredBreak[] {
  if (net.over !== "options" || !net.offered) return [];
  const out: StoredBreak[] = [];
  const sorted = [...years].sort((a, b) => a - b);
  const key = (y: number) => JSON.stringify([...(net.offered![y] ?? [])].sort());
  for (let k = 1; k < sorted.length; k++) {
    const [prev, year] = [sorted[k - 1]!, sorted[k]!];
    if (key(prev) === key(year)) continue;
    const missing = (y: number) => net.members.filter((m) => !net.offered![y]?.includes(m));
    const said = (y: number) =>
      missing(y).length
        ? `${y} did not offer ${missing(y).join(", ")}`
        : `${y} offered all of them`;
    out.push({
      question: net.question,
      year,
      previous_year: prev,
      kind: "net",
      option: net.name,
      explanation:
        `The net "${net.name}" groups ${net.members.join(", ")}: ${said(prev)}; ${said(year)}. ` +
        `It is not the same group in both years.`,
      valid_only: false,
      filter_question: null,
    });
  }
  return out;
}
