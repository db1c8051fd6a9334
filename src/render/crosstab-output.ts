import { pct } from "./format.ts";
import type { CrosstabCell } from "../survey/crosstab-assembly.ts";
import type { CrosstabDifference, CrosstabTrend } from "../survey/crosstab-inference.ts";
import type { CrosstabResult } from "../survey/crosstab.ts";
import { MIN_BASE, MIN_EXPECTED } from "../survey/significance.ts";
import { BASES } from "../survey/crosstab-bases.ts";
import { filterText } from "../survey/crosstab-filter.ts";
import { toCsv, toTable } from "./output.ts";
import { weightingLines } from "./crosstab-weighting-output.ts";

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

/** A difference in percentage points, signed: 0.0512 → "+5.1". */
const points = (x: number) => `${x > 0 ? "+" : x < 0 ? "−" : "±"}${Math.abs(x * 100).toFixed(1)}`;

/** A p-value as tables print it: three decimals, or "<0.001". */
const pValue = (p: number) => (p < 0.001 ? "<0.001" : p.toFixed(3));

/** A row's trend in the table's trend column: "↑ p<0.001", "↓ p=0.042 (2018–2020)", or why not. */
const trendText = (t: CrosstabTrend, lastYear: number, firstYear: number) => {
  if (t.not_tested === "break") return `‡${t.breaks.join(",")}`;
  if (t.not_tested === "small_base") return SMALL;
  if (t.not_tested === "years" || t.p === null) return "·";
  const arrow = t.direction === "up" ? "↑" : t.direction === "down" ? "↓" : "→";
  const span =
    t.years[0] !== firstYear || t.years.at(-1) !== lastYear
      ? ` (${t.years[0]}–${t.years.at(-1)})`
      : "";
  return `${arrow}${t.significant ? "!" : ""} p${t.p < 0.001 ? "<0.001" : `=${t.p.toFixed(3)}`}${span}`;
};

/**
 * Each tested pair as the table prints it: the later column's share minus the earlier's in
 * percentage points with its 95% Newcombe interval, p and the verdict the letters show (the
 * explorer draws the same records). Keys are the printed column names.
 */
export function differenceRows(result: CrosstabResult): Record<string, string>[] {
  const byYear = result.by.id === "year";
  const matrix = result.question.type === "matrix";
  const overlap = result.differences.some((d) => d.overlap > 0);
  return result.differences.map((d) => ({
    ...(byYear ? {} : { year: String(d.year) }),
    option: d.option,
    ...(matrix ? { level: d.level ?? "" } : {}),
    pair: `${d.b} − ${d.a}`,
    difference: points(d.difference),
    "95% interval": `${points(d.ci_low)} to ${points(d.ci_high)}`,
    p: pValue(d.p),
    significant: d.significant ? "yes" : "",
    ...(overlap ? { shared: String(d.overlap) } : {}),
  }));
}

/** The heading of the differences, in the table and the explorer. */
export const differencesHeading = (result: CrosstabResult) =>
  `Differences (percentage points, the later column's share minus the earlier's; 95% Newcombe ` +
  `interval; significant: after ${result.tests.adjustment}, as the letters)` +
  (result.differences.some((d) => d.overlap > 0)
    ? `; shared: respondents in both columns' bases`
    : "");

/** Each row's trend as the table's trend column prints it, with the reason in words. */
export function trendRows(
  result: CrosstabResult,
): { option: string; level: string | null; trend: string; note: string }[] {
  const [first, last] = [Math.min(...result.years), Math.max(...result.years)];
  return result.trends.map((t) => ({
    option: t.option,
    level: t.level,
    trend: trendText(t, last, first),
    note: t.note,
  }));
}

/**
 * The differences block (`--diffs`): one line per tested pair, kept apart from the banner table
 * so the table stays readable.
 */
function differencesBlock(result: CrosstabResult): string[] {
  const rows = differenceRows(result);
  return [
    "",
    `${differencesHeading(result)}:`,
    rows.length ? toTable(rows, undefined, 50).trimEnd() : "(no pair was tested)",
  ];
}

/**
 * The banner table: a row per option (per year, unless the banner is the year), a column per
 * letter, an n row heading each year; the universe, filters and method above and below it.
 */
export function crosstabTable(result: CrosstabResult, options: { diffs?: boolean } = {}): string {
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
    // why: a weighted base shows what the weights make of it: Σw, n_eff and the design effect
    if (c.n_eff !== undefined && (c.level === null || result.base.id !== "valid")) {
      line(c.year, "  Σw", "")[c.letter] = c.weighted_n!.toFixed(1);
      line(c.year, "  n_eff", "")[c.letter] = c.n_eff.toFixed(1);
      line(c.year, "  design effect", "")[c.letter] =
        c.design_effect === null ? "–" : c.design_effect!.toFixed(2);
    }
    line(c.year, c.option, c.level)[c.letter] = cellText(c);
  }
  // why: with the year as banner each row has one trend, shown in a last column
  if (byYear) {
    for (const t of trendRows(result)) line(0, t.option, t.level).trend = t.trend;
    for (const l of lines.values()) l.trend ??= "";
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
    ...(result.weighting ? weightingLines(result.weighting) : []),
    ...(result.comparable
      ? ["Rows: only those offered, with no break, in every year shown (--comparable)."]
      : []),
    "",
    toTable([...lines.values()], undefined, 50).trimEnd(),
    "",
    `Cells: ${result.weighting ? "weighted " : ""}share of the column's base choosing the row; ` +
      `letters: significantly higher than those columns${byYear ? "" : " (same year)"}; – : not offered that year.`,
    `${SMALL} small base (${result.weighting ? "n_eff" : "n"} < ${MIN_BASE}): shown, not tested. ${LOW} some pairs not tested: expected count under ${MIN_EXPECTED}.`,
    ...(byYear
      ? [
          "‡ not comparable with an earlier year across the numbered breaks: no letter drawn across them.",
          `trend: Cochran–Armitage across the years (↑ rising, ↓ falling; ! significant after ${result.tests.adjustment} ` +
            `over the table's trends; (years): the unbroken run tested); ‡ breaks leave no three years unbroken; ` +
            `· fewer than three years; ${SMALL} a base under ${MIN_BASE}.`,
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
    ...(options.diffs ? differencesBlock(result) : []),
    "",
    ...(result.weighting?.notes.map((n) => `Note: ${n}`) ?? []),
    `Method: ${result.method}`,
    result.disclosure,
    `Counts and 95% Wilson intervals: --format json or csv` +
      `${options.diffs ? "" : "; each tested pair's difference and 95% interval: --diffs"}.`,
    "",
  ].join("\n");
}

/**
 * One line per cell, as the JSON rows; higher_than's letters space-separated. `survey` names the
 * year as the survey is known (`periods`: "1H 2020" for 2020), and so does `column` when the
 * columns are the years, so a spreadsheet never says a bare "2020" for the first half of it. With
 * the year as banner each cell also carries its row's trend (the same on every cell of the row).
 */
export function crosstabCsv(result: CrosstabResult, periods: Record<string, string> = {}): string {
  const name = (year: number) => periods[year] ?? String(year);
  const byYear = result.by.id === "year";
  const trendOf = new Map(result.trends.map((t) => [JSON.stringify([t.option, t.level]), t]));
  return toCsv(
    result.rows.map((c) => {
      const t = byYear ? trendOf.get(JSON.stringify([c.option, c.level])) : undefined;
      return {
        ...c,
        survey: name(c.year),
        column: byYear ? name(c.year) : c.column,
        higher_than: c.higher_than.join(" "),
        low_expected: c.low_expected.join(" "),
        not_comparable: c.not_comparable.join(" "),
        breaks: c.breaks.join(" "),
        overlapping: c.overlapping?.join(" "),
        ...(t
          ? {
              trend_years: t.years.map(name).join(" "),
              trend_direction: t.direction,
              trend_z: t.z,
              trend_p: t.p,
              trend_slope: t.slope,
              trend_significant: t.significant,
              trend_note: t.note,
            }
          : {}),
      };
    }),
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
      // why: only a weighted cross-tab has them; other tables keep their columns
      ...(result.weighting
        ? [
            "unweighted_share",
            "weighted_n",
            "weighted_sq",
            "weighted_count",
            "n_eff",
            "design_effect",
          ]
        : []),
      "higher_than",
      "low_expected",
      "not_comparable",
      "breaks",
      // why: only a banner with a net has overlapping columns; other tables keep their columns
      ...(result.rows.some((c) => c.overlapping) ? ["overlapping"] : []),
      ...(byYear
        ? [
            "trend_years",
            "trend_direction",
            "trend_z",
            "trend_p",
            "trend_slope",
            "trend_significant",
            "trend_note",
          ]
        : []),
    ],
  );
}

/**
 * `--diffs --format csv`: one line per tested pair instead of per cell — the two columns (letter
 * and label) and shares, the difference b − a with its 95% Newcombe interval, z, p, the verdict
 * after the table's adjustment, and the respondents the two columns share (multi-select banners).
 */
export function crosstabDifferencesCsv(
  result: CrosstabResult,
  periods: Record<string, string> = {},
): string {
  const name = (year: number) => periods[year] ?? String(year);
  const byYear = result.by.id === "year";
  const label = new Map(result.columns.map((c) => [c.letter, c.label]));
  const share = new Map(
    result.rows.map((c) => [
      JSON.stringify([byYear ? null : c.year, c.option, c.level, c.letter]),
      c.share,
    ]),
  );
  const shareOf = (d: CrosstabDifference, letter: string) =>
    share.get(JSON.stringify([d.year, d.option, d.level, letter]));
  const columnName = (letter: string) =>
    byYear ? name(Number(label.get(letter))) : label.get(letter);
  return toCsv(
    result.differences.map((d) => ({
      ...d,
      survey: d.year === null ? "" : name(d.year),
      a_column: columnName(d.a),
      b_column: columnName(d.b),
      a_share: shareOf(d, d.a),
      b_share: shareOf(d, d.b),
    })),
    [
      "year",
      "survey",
      "option",
      "level",
      "a",
      "a_column",
      "a_share",
      "b",
      "b_column",
      "b_share",
      "difference",
      "ci_low",
      "ci_high",
      "z",
      "p",
      "significant",
      "overlap",
    ],
  );
}
