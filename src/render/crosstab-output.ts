import { pct } from "./format.ts";
import type { CrosstabCell } from "../survey/crosstab-assembly.ts";
import type { CrosstabResult } from "../survey/crosstab.ts";
import { MIN_BASE } from "../survey/significance.ts";
import { toCsv, toTable } from "./output.ts";

const SMALL = "*";

/** One cell as the terminal shows it: the share, its letters, and a mark if untested. */
const cellText = (c: CrosstabCell) =>
  `${pct(c.share)}${c.small_base ? SMALL : ""}${c.higher_than.length ? ` ${c.higher_than.join("")}` : ""}`;

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
  for (const c of result.rows) {
    // why: the n row comes first in its year because each year's first cells are its first option's
    line(c.year, "n", "")[c.letter] = `${c.n}${c.small_base ? SMALL : ""}`;
    line(c.year, c.option, c.level)[c.letter] = cellText(c);
  }
  const legend = result.columns.map((c) => `${c.letter} ${c.label}`).join(" · ");
  const filters = result.filters.map(
    (f) => `${f.question} = ${f.option}${f.level === null ? "" : ` = ${f.level}`}`,
  );
  return [
    `${result.question.label} (${result.question.id}) by ${result.by.label} (${result.by.id})`,
    `Universe: ${result.universe.description}`,
    ...(filters.length ? [`Where: ${filters.join(" and ")}`] : []),
    `Years: ${result.years.join(", ")}`,
    `Columns: ${legend}`,
    "",
    toTable([...lines.values()], undefined, 50).trimEnd(),
    "",
    `Cells: share of the column's n (who answered ${result.question.id}) choosing the row; ` +
      `letters: significantly higher than those columns${byYear ? "" : " (same year)"}; – : not offered that year.`,
    `${SMALL} small base (n < ${MIN_BASE}): shown, not tested.`,
    `Method: ${result.method}`,
    "Counts and 95% Wilson intervals: --format json or csv.",
    "",
  ].join("\n");
}

/** One line per cell, as the JSON rows; higher_than's letters space-separated. */
export function crosstabCsv(result: CrosstabResult): string {
  return toCsv(
    result.rows.map((c) => ({ ...c, higher_than: c.higher_than.join(" ") })),
    [
      "year",
      "column",
      "letter",
      "option",
      "level",
      "n",
      "count",
      "share",
      "ci_low",
      "ci_high",
      "small_base",
      "higher_than",
    ],
  );
}
