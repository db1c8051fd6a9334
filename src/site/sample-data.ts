import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";

// CNCF's screening of a year's export: the rules in the order applied, with what each removed.
const SCREENING_SQL = `
SELECT sc.source, s.year, sc."order", sc.rule, sc.description, sc.removed
FROM screening sc JOIN survey_sources s ON s.source = sc.source
ORDER BY s.year, sc."order"`;

/**
 * The panel and community parts of each panel year's screened sample: collectors, size, when they
 * started, and the median time from start to end (the export's Start / End Date columns, read by
 * header; minutes). Only dates are read, never an answer.
 */
const PANEL_SQL = `
WITH cols AS (
  SELECT source,
         max(position) FILTER (WHERE question = 'Start Date') AS start_pos,
         max(position) FILTER (WHERE question = 'End Date') AS end_pos
  FROM survey_columns GROUP BY source
),
timed AS (
  SELECT r.year, r.panel, r.collector,
         try_strptime(s.value, '%m/%d/%Y %H:%M') AS started,
         try_strptime(e.value, '%m/%d/%Y %H:%M') AS ended
  FROM respondents r JOIN cols c ON c.source = r.source
  LEFT JOIN survey_cells s ON s.source = r.source AND s.respondent = r.respondent AND s.position = c.start_pos
  LEFT JOIN survey_cells e ON e.source = r.source AND e.respondent = r.respondent AND e.position = c.end_pos
  -- why: the published sample only (screened-out respondents are not in any figure)
  WHERE r.excluded IS NULL AND r.panel IS NOT NULL
)
SELECT year, panel, list(DISTINCT collector ORDER BY collector) AS collectors,
       count(*)::INTEGER AS respondents,
       (SELECT count(*) FROM respondents x WHERE x.year = t.year AND x.excluded IS NULL)::INTEGER AS sample,
       strftime(min(started), '%Y-%m-%d') AS first_start, strftime(max(started), '%Y-%m-%d') AS last_start,
       round(median(epoch(ended - started) / 60), 1)::DOUBLE AS median_minutes
FROM timed t GROUP BY year, panel ORDER BY year, panel DESC`;

// The 2021 summaries: per wave, how many questions and sheets, and how many answered the first
// (location, asked of everyone).
const WAVES_SQL = `
SELECT year, wave, any_value(source) AS source,
       count(DISTINCT sheet)::INTEGER AS sheets,
       count(DISTINCT question_id) FILTER (WHERE question_id IS NOT NULL)::INTEGER AS harmonised_questions,
       max(answered) FILTER (WHERE question_id = 'region' AND region = 'Total')::INTEGER AS respondents
FROM published_marginals GROUP BY year, wave ORDER BY year, wave`;

// What each year changed in a question as a whole, for the trends page: the codebook's breaks and
// those derived from the data (a break of one option is listed on that option's rows, not here).
const BREAKS_SQL = `
SELECT b.year, b.question, q.label, b.kind, b.origin, b.explanation AS text
FROM question_breaks b JOIN codebook_questions q ON q.id = b.question
WHERE NOT b.comparable AND b.option IS NULL
ORDER BY b.year, b.question, b.kind, b.id`;

/** The facts the pages cite about how each year's sample was drawn (screening, panel, 2021 waves) and its question breaks. */
export async function sampleSiteData(conn: DuckDBConnection) {
  return {
    screening: await queryRows(conn, SCREENING_SQL),
    panels: await queryRows(conn, PANEL_SQL),
    waves: await queryRows(conn, WAVES_SQL),
    breaks: await queryRows(conn, BREAKS_SQL),
  };
}
