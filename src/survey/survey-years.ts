import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";

/**
 * A survey year as the database knows it: nothing about a year is written in code. Which years
 * exist comes from `survey_sources`, which of them mix a paid panel in from `respondents.panel`
 * (null where the export cannot tell), which have only CNCF's one-question summaries from
 * `published_marginals`, and each year's name from `survey_sources.period`.
 */
export interface SurveyYear {
  year: number;
  /** As the survey is known ("1H 2020" for 2020); a year two waves share (2021) stays the year. */
  label: string;
  /** The paid panel's share of the year's screened sample; null where the year has no panel. */
  panelShare: number | null;
  /** Only published one-question summaries, no respondent rows (2021 today). */
  summaryOnly: boolean;
}

const SURVEY_YEARS_SQL = `
WITH panels AS (
  SELECT year, avg(panel::INTEGER) AS share FROM respondents
  WHERE panel IS NOT NULL AND excluded IS NULL GROUP BY year
)
SELECT s.year, list(DISTINCT s.period ORDER BY s.period) AS periods, any_value(p.share) AS panel_share,
  -- why: a year is summary-only when its summaries are all it has, not merely when it has some
  s.year IN (SELECT year FROM published_marginals) AND s.year NOT IN (SELECT year FROM respondents) AS summary_only
FROM survey_sources s LEFT JOIN panels p USING (year)
GROUP BY s.year ORDER BY s.year`;

/** Every survey year of the database, oldest first. */
export async function surveyYears(conn: DuckDBConnection): Promise<SurveyYear[]> {
  return (await queryRows(conn, SURVEY_YEARS_SQL)).map((r) => {
    const periods = r.periods as string[];
    return {
      year: Number(r.year),
      label: periods.length === 1 ? String(periods[0]) : String(r.year),
      panelShare: r.panel_share === null ? null : Number(r.panel_share),
      summaryOnly: Boolean(r.summary_only),
    };
  });
}

/** The years whose respondents are marked panel or community (their sample splits in two). */
export const panelYears = (years: SurveyYear[]): (SurveyYear & { panelShare: number })[] =>
  years.filter((y): y is SurveyYear & { panelShare: number } => y.panelShare !== null);
