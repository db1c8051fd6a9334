/**
 * Check 5 of `kube-census quality`: completion time and speeders, where an export has start and
 * end times (SurveyMonkey's response metadata; only 2022's export kept them).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { GROUPS_CTE, groupedRows, num, share, type QualityScope } from "./quality-groups.ts";

/** Faster than this fraction of the year's median completion time counts as a speeder. */
export const SPEEDER_FRACTION = 1 / 3;

export interface SpeedRow {
  year: number;
  sample: string;
  region: string;
  /** Respondents with both a start and an end time. */
  n: number;
  median_minutes: number;
  /** A third of the whole year's median: the same line for every part, so parts compare. */
  threshold_minutes: number;
  speeders: number;
  share_speeders: number | null;
}

/** The export's response-metadata columns holding start and end times (2022's SurveyMonkey). */
const START = "Start Date";
const END = "End Date";

/**
 * Check 5: completion time, where an export has start and end times (only 2022's does; the
 * years without them are simply absent from the rows — `speedYears` says which have them).
 */
export async function speed(conn: DuckDBConnection, scope: QualityScope = {}): Promise<SpeedRow[]> {
  const rows = await groupedRows(
    conn,
    scope,
    `WITH ${GROUPS_CTE},
times AS (
  SELECT c.source, c.respondent,
    max(try_strptime(c.value, '%m/%d/%Y %H:%M')) FILTER (WHERE k.question = '${START}') AS started,
    max(try_strptime(c.value, '%m/%d/%Y %H:%M')) FILTER (WHERE k.question = '${END}') AS ended
  FROM survey_cells c JOIN survey_columns k ON k.source = c.source AND k.position = c.position
  WHERE k.question_id IS NULL AND k.question IN ('${START}', '${END}')
  GROUP BY ALL
),
minutes AS (
  SELECT g.*, date_diff('minute', t.started, t.ended) AS minutes
  FROM groups g JOIN times t USING (source, respondent)
  -- why: a time that does not parse leaves its respondent untimed; n says how many were timed
  WHERE t.started IS NOT NULL AND t.ended IS NOT NULL
),
thresholds AS (
  SELECT year, median(minutes) * ${SPEEDER_FRACTION} AS threshold FROM minutes WHERE sample = 'all'
  GROUP BY ALL
)
SELECT m.year, m.sample, m.region, count(*) AS n, median(m.minutes) AS median_minutes,
  any_value(t.threshold) AS threshold_minutes,
  count(*) FILTER (WHERE m.minutes < t.threshold) AS speeders
FROM minutes m JOIN thresholds t USING (year)
GROUP BY ALL`,
  );
  return rows.map(({ group, row: r }) => ({
    ...group,
    n: num(r.n),
    median_minutes: num(r.median_minutes),
    threshold_minutes: num(r.threshold_minutes),
    speeders: num(r.speeders),
    share_speeders: share(num(r.speeders), num(r.n)),
  }));
}

/** Which respondent-level years' exports carry start and end times. */
export async function speedYears(
  conn: DuckDBConnection,
): Promise<{ year: number; times: boolean }[]> {
  const rows = await queryRows(
    conn,
    `SELECT s.year, count(c.position) = 2 AS times FROM survey_sources s
     LEFT JOIN survey_columns c ON c.source = s.source AND c.question_id IS NULL
       AND c.question IN ('${START}', '${END}')
     GROUP BY ALL ORDER BY year`,
  );
  return rows.map((r) => ({ year: num(r.year), times: Boolean(r.times) }));
}
