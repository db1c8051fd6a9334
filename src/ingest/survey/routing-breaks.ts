import type { DuckDBConnection } from "@duckdb/node-api";
import { NO_ANSWER, type RoutingFinding } from "./routing.ts";

export interface RoutingBreak {
  question: string;
  year: number;
  kind: "routing";
  text: string;
}

/** Year → the survey's name as it is known ("1H 2020"): survey_sources.period, from each survey file's label. */
type Names = ReadonlyMap<number, string>;

const answers = (options: string[]) =>
  options
    .filter((o) => o !== NO_ANSWER)
    .map((o) => `"${o}"`)
    .join(" or ");

/** A question as a reader knows it: its codebook label in quotes, the id only where there is none. */
type Labels = ReadonlyMap<string, string>;
const named = (question: string, labels?: Labels) => {
  const label = labels?.get(question);
  return label ? `“${label}”` : question;
};

const routedBy = (f: RoutingFinding, labels?: Labels) =>
  `only of those who answered ${answers(f.asked_options)} to ${named(f.filter_question, labels)}`;

/**
 * Break notes from the detected routing: a routing break in year Y when Y's routing differs from
 * the previous year that asked the question — routed one year and not the other, routed by
 * another filter, or by the same filter with an answer asked one year and skipped the other.
 *
 * `askedYears` (question → the respondent-level years whose export asks it, see `askedYears()`)
 * is what tells "asked and not routed" from "not asked": without it only the years with a finding
 * are compared, so a list routed one year and asked of everyone the next shows no break.
 * `labels` (question → codebook label) names the filter question in words: the text is printed
 * under charts and tables, where an id means nothing to a reader. `names` (year → the survey's
 * label, see `surveyNames()`) names each year as the survey is known; a year without one is its number.
 */
export function routingBreaks(
  findings: RoutingFinding[],
  askedYears?: ReadonlyMap<string, readonly number[]>,
  labels?: Labels,
  names?: Names,
): RoutingBreak[] {
  const byQuestion = new Map<string, Map<number, RoutingFinding>>();
  for (const f of findings) {
    const years = byQuestion.get(f.question) ?? new Map<number, RoutingFinding>();
    if (years.has(f.year))
      throw new Error(
        `routingBreaks: two findings for ${f.question} in ${f.year}; detectRouting reports one per list and year.`,
      );
    years.set(f.year, f);
    byQuestion.set(f.question, years);
  }
  const breaks: RoutingBreak[] = [];
  const questions = new Set([...byQuestion.keys(), ...(askedYears?.keys() ?? [])]);
  for (const question of [...questions].sort()) {
    const found = byQuestion.get(question) ?? new Map<number, RoutingFinding>();
    const years = [...new Set([...(askedYears?.get(question) ?? []), ...found.keys()])].sort(
      (a, b) => a - b,
    );
    for (const [k, year] of years.entries()) {
      if (k === 0) continue;
      const before = years[k - 1]!;
      const text = difference(found.get(before), found.get(year), before, year, labels, names);
      if (text) breaks.push({ question, year, kind: "routing", text });
    }
  }
  return breaks;
}

function difference(
  before: RoutingFinding | undefined,
  now: RoutingFinding | undefined,
  y0: number,
  y1: number,
  labels?: Labels,
  names?: Names,
): string | undefined {
  const [was, is] = [y0, y1].map((y) => names?.get(y) ?? String(y));
  const routed = (f: RoutingFinding) => routedBy(f, labels);
  const suffix = " (detected from the answer rates)";
  if (!before && !now) return undefined;
  if (!before)
    return `Routing changed: ${is} asked this ${routed(now!)}; ${was}'s answers show no filter question${suffix}.`;
  if (!now)
    return `Routing changed: ${is}'s answers show no filter question; ${was} asked it ${routed(before)}${suffix}.`;
  if (before.filter_question !== now.filter_question)
    return `Routing changed: ${is} asked this ${routed(now)}; ${was} asked it ${routed(before)}${suffix}.`;
  // The same filter: a break only where an answer moved between asked and skipped (answers
  // classified in one year only, being given by too few, say nothing).
  const moved = [
    ...now.asked_options.filter((o) => before.skipped_options.includes(o)),
    ...now.skipped_options.filter((o) => before.asked_options.includes(o)),
  ].filter((o) => o !== NO_ANSWER);
  if (moved.length === 0) return undefined;
  return `Routing changed: ${is} asked this ${routed(now)}; ${was} asked it ${routed(before)}${suffix}.`;
}

/** Year → its survey's label (survey_sources.period); a year of two summary waves has no answers, so no routing to name. */
export async function surveyNames(conn: DuckDBConnection): Promise<Map<number, string>> {
  const rows = (
    await conn.runAndReadAll(
      `SELECT year, any_value(period) AS period FROM survey_sources GROUP BY year`,
    )
  ).getRowObjectsJS();
  return new Map(rows.map((r) => [Number(r.year), String(r.period)]));
}

/** Question → the respondent-level years (those with answers) whose export asks it, ascending. */
export async function askedYears(conn: DuckDBConnection): Promise<Map<string, number[]>> {
  const rows = (
    await conn.runAndReadAll(`
      SELECT question_id AS question, list(DISTINCT year ORDER BY year) AS years
      FROM survey_columns
      WHERE question_id IS NOT NULL AND year IN (SELECT DISTINCT year FROM answers)
      GROUP BY question_id`)
  ).getRowObjectsJS();
  return new Map(rows.map((r) => [String(r.question), (r.years as unknown[]).map(Number)]));
}
