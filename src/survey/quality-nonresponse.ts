/**
 * Check 4 of `kube-census quality`: item non-response and break-off, per question in the order
 * the export printed them.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { GROUPS_CTE, groupedRows, num, share, type QualityScope } from "./quality-groups.ts";

export interface NonResponseRow {
  year: number;
  sample: string;
  region: string;
  question: string;
  /** Where the question starts in the export (its first column). */
  position: number;
  /** Respondents who answered this question or one printed after it. */
  reached: number;
  answered: number;
  share_answered: number | null;
  /** Of those who reached it, how many answered nothing after it (null for the last question). */
  stopped: number | null;
  share_stopped: number | null;
}

/**
 * Check 4: item non-response and break-off. A question is reached by a respondent who answered
 * it or any question printed after it; not answering a reached question is item non-response —
 * which includes being routed past it, as nothing in the exports tells a skip from a route.
 */
export async function nonResponse(
  conn: DuckDBConnection,
  scope: QualityScope = {},
): Promise<NonResponseRow[]> {
  const rows = await groupedRows(
    conn,
    scope,
    `WITH ${GROUPS_CTE},
question_order AS (
  SELECT year, question_id AS question, min(position) AS position FROM survey_columns
  -- why: a question asked only as typed text (2018's release cycles) has no closed answer to count
  WHERE question_id IS NOT NULL AND NOT free_text GROUP BY ALL
),
answered AS (
  SELECT DISTINCT a.source, a.respondent, a.question, o.position
  FROM answers a JOIN question_order o ON o.year = a.year AND o.question = a.question
),
last_answer AS (SELECT source, respondent, max(position) AS last FROM answered GROUP BY ALL),
year_last AS (SELECT year, max(position) AS final FROM question_order GROUP BY ALL)
SELECT g.year, g.sample, g.region, o.question, o.position, count(*) AS reached,
  count(a.respondent) AS answered, count(*) FILTER (WHERE l.last = o.position) AS stopped,
  any_value(o.position = y.final) AS is_last
FROM groups g JOIN last_answer l USING (source, respondent)
JOIN question_order o ON o.year = g.year AND o.position <= l.last
JOIN year_last y ON y.year = g.year
LEFT JOIN answered a ON a.source = g.source AND a.respondent = g.respondent AND a.question = o.question
GROUP BY ALL`,
    "position",
  );
  return rows.map(({ group, row: r }) => {
    const reached = num(r.reached);
    const stopped = r.is_last ? null : num(r.stopped);
    return {
      ...group,
      question: String(r.question),
      position: num(r.position),
      reached,
      answered: num(r.answered),
      share_answered: share(num(r.answered), reached),
      stopped,
      share_stopped: stopped === null ? null : share(stopped, reached),
    };
  });
}
