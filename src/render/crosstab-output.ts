import { pct } from "./format.ts";
import type { CrosstabCell } from "../survey/crosstab-assembly.ts";
import type { CrosstabResult } from "../survey/crosstab.ts";
import { MIN_BASE, MIN_EXPECTED } from "../survey/significance.ts";
import { BASES } from "../survey/crosstab-bases.ts";
import { filterText } from "../survey/crosstab-filter.ts";
import { toCsv, toTable } from "./output.ts";

const SMALL = "*";
const LOW = "°";

/**
 * One cell as the terminal shows it: the share, its letters, a mark if untested, and the numbers
 * of the breaks that separate it from earlier years (no letter is drawn across them).
 */
const cellText = (c: CrosstabCell) =>
  `${pct(c.share)}${c.small_base ? SMALL : ""}${c.low_expected.length ? LOW : ""}` +
  `${c.higher_than.length ? ` ${c.higher_than.join("")}` : ""}` +
  `${c.not_comparable.length && c.breaks.length ? ` ‡${c.breaks.join(",")}` : ""}`;

/**
 * The banner table: a row per option (per year, unless the banner is the year), a column per
 * letter, an n row heading each year; the universe, filters and method above and below it.
 */
export function crosstabTable(result: CrosstabResult): string {
  const byYear = result.by.id === "year";
  const matrix = result.question.type === "matrix";
  const blank = Object.fromEntries(result.columns.map((c) => [c.letter, "–"]));
  const lines = new Map<string, Record<string, unknown>>();
  // why: a matrix's level gets its own column, so cutting a long option label never hides it
  const line = (year: number, option: string, level: string | null) => {
    const id = JSON.stringify([byYear ? 0 : year, option, level]);
    if (!lines.has(id))
      lines.set(id, {
        ...(byYear ? {} : { year }),
        option,
        ...(matrix ? { level: level ?? "" } : {}),
        ...blank,
      });
    return lines.get(id)!;
  };
  const baseLabel = result.base.id === "valid" ? "base (valid)" : "base (answered)";
  for (const c of result.rows) {
    // why: the base rows come first in their year because each year's first cells are its first option's
    if (c.asked !== undefined) {
      line(c.year, "asked", "")[c.letter] = String(c.asked);
      line(c.year, "no answer", "")[c.letter] = String(c.no_answer);
    }
    line(c.year, baseLabel, "")[c.letter] = `${c.n}${c.small_base ? SMALL : ""}`;
    line(c.year, c.option, c.level)[c.letter] = cellText(c);
  }
  const legend = result.columns.map((c) => `${c.letter} ${c.label}`).join(" · ");
  const filters = result.filters.map(filterText);
  const nets = (result.nets ?? []).map(
    (n) =>
      `${n.name} (${n.question}: any of ${n.members.join(", ")}${n.source === "codebook" ? "; standard" : ""})`,
  );
  const t = result.tests;
  return [
    `${result.question.label} (${result.question.id}) by ${result.by.label} (${result.by.id})`,
    `Universe: ${result.universe.description}`,
    ...(filters.length ? [`Where: ${filters.join(" and ")}`] : []),
    ...(nets.length
      ? [`Nets (a respondent counts once, on the question's base): ${nets.join(" · ")}`]
      : []),
    `Years: ${result.years.join(", ")}` +
      (result.sample === "all"
        ? ""
        : ` (${result.sample} part of the sample where a year has a paid panel)`),
    `Columns: ${legend}`,
    `Base: ${result.base.description}; ${BASES.asked}.`,
    ...(result.comparable
      ? ["Rows: only those offered, with no break, in every year shown (--comparable)."]
      : []),
    "",
    toTable([...lines.values()], undefined, 50).trimEnd(),
    "",
    `Cells: share of the column's base choosing the row; ` +
      `letters: significantly higher than those columns${byYear ? "" : " (same year)"}; – : not offered that year.`,
    `${SMALL} small base (n < ${MIN_BASE}): shown, not tested. ${LOW} some pairs not tested: expected count under ${MIN_EXPECTED}.`,
    ...(byYear
      ? [
          "‡ not comparable with an earlier year across the numbered breaks: no letter drawn across them.",
        ]
      : []),
    `Tests: ${t.run} run (${t.significant} significant, ${t.adjustment}); not tested: ${t.not_comparable} pairs across a break, ` +
      `${t.low_expected} with expected counts under ${MIN_EXPECTED}, ${t.small_base} small-base cells` +
      (t.overlapping === undefined
        ? "."
        : `, ${t.overlapping} pairs of columns sharing respondents (a net and its members).`),
    ...(result.breaks.length
      ? [
          "",
          "Breaks (numbered in the cells):",
          ...result.breaks.map(
            (b) =>
              `  [${b.number}] ${b.year} ${b.kind}${b.option ? ` (${b.option})` : ""}` +
              `${b.role === "row" ? "" : `, ${b.role}${b.question ? ` ${b.question}` : ""}`}: ${b.text}`,
          ),
        ]
      : []),
    "",
    `Method: ${result.method}`,
    result.disclosure,
    "Counts and 95% Wilson intervals: --format json or csv.",
    "",
  ].join("\n");
}

/**
 * One line per cell, as the JSON rows; higher_than's letters space-separated. `survey` names the
 * year as the survey is known (`periods`: "1H 2020" for 2020), and so does `column` when the
 * columns are the years, so a spreadsheet never says a bare "2020" for the first half of it.
 */
export function crosstabCsv(result: CrosstabResult, periods: Record<string, string> = {}): string {
  const name = (year: number) => periods[year] ?? String(year);
  return toCsv(
    result.rows.map((c) => ({
      ...c,
      survey: name(c.year),
      column: result.by.id === "year" ? name(c.year) : c.column,
      higher_than: c.higher_than.join(" "),
      low_expected: c.low_expected.join(" "),
      not_comparable: c.not_comparable.join(" "),
      breaks: c.breaks.join(" "),
      overlapping: c.overlapping?.join(" "),
    })),
    [
      "year",
      "survey",
      "column",
      "letter",
      "option",
      "level",
      "asked",
      "answered",
      "no_answer",
      "n",
      "count",
      "share",
      "ci_low",
      "ci_high",
      "small_base",
      "higher_than",
      "low_expected",
      "not_comparable",
      "breaks",
      // why: only a banner with a net has overlapping columns; other tables keep their columns
      ...(result.rows.some((c) => c.overlapping) ? ["overlapping"] : []),
    ],
  );
}
