import type { DuckDBConnection } from "@duckdb/node-api";
import type { SiteProvenance } from "../render/provenance.ts";
import { computeFigure } from "../survey/compute.ts";
import { figures } from "../survey/registry.ts";
import { surveyYears, type SurveyYear } from "../survey/survey-years.ts";
import { provenancePart } from "./provenance-part.ts";
import type { FigureFile, SourceRow, SurveyPeriod, SurveyYearsFile } from "./site-data-types.ts";

/** One label per survey year, as src/survey/survey-years.ts names it ("1H 2020"). */
const yearPeriods = (years: SurveyYear[]): SurveyPeriod[] =>
  years.map((y) => ({ year: y.year, period: y.label }));

/**
 * The site's survey years (survey-years.json) and every figure card's data (figures/<id>.json),
 * computed with panel years split, so the site can show the community and panel parts. Every
 * year a card names — its axis, its labels, its sources — comes from the database here: a year
 * the data gains reaches every card with no change to the components.
 */
export async function figureSiteData(
  conn: DuckDBConnection,
  sources: SourceRow[],
  provenance: SiteProvenance,
): Promise<Map<string, unknown>> {
  const files = new Map<string, unknown>();
  const allYears = await surveyYears(conn);
  // Which survey years exist, their names and panels: pages that name a year read them here.
  files.set("survey-years.json", allYears satisfies SurveyYearsFile);
  const computed = [];
  for (const figure of figures)
    computed.push({ figure, result: await computeFigure(conn, figure, { split: true }) });
  // Every trend spans the same years, whichever the data holds: a new survey year widens them all.
  const trendYears = [
    ...new Set([
      ...allYears.map((y) => y.year),
      ...computed.flatMap((c) => c.result.rows.map((r) => r.year)),
    ]),
  ].sort((a, b) => a - b);
  for (const { figure, result } of computed) {
    // A summary-only year (2021 today) is a source of its rows too.
    const years = [
      ...new Set(result.rows.filter((r) => r.source !== "published").map((r) => r.year)),
    ];
    // The golden rows are for the tests (test/survey/figures.test.ts), not the page.
    const { golden: _golden, ...definition } = figure;
    files.set(`figures/${figure.id}.json`, {
      definition,
      result,
      sources: sources.filter((s) => s.kind === "survey" && years.includes(Number(s.year))),
      // Every survey year's label ("1H 2020"), with rows here or not: a trend's axis spans them all
      // (a card without 2020 rows still names that tick 1H 2020).
      surveys: yearPeriods(allYears),
      trendYears,
      // What the card's downloads say they are (src/render/provenance.ts).
      provenance: provenancePart(provenance, {
        source: (s) => s.kind === "survey" && years.includes(Number(s.year)),
        questions: figure.questions,
      }),
    } satisfies FigureFile);
  }
  return files;
}
