/**
 * Check 1 of `kube-census quality`: straight-lining in matrix questions — respondents who give
 * one and the same level to every row of a grid they answered.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { GROUPS_CTE, groupedRows, num, share, type QualityScope } from "./quality-groups.ts";

/** A matrix must have at least this many rows answered for "same level everywhere" to mean much. */
export const MIN_MATRIX_ROWS = 3;

export interface StraightLiningRow {
  year: number;
  sample: string;
  region: string;
  question: string;
  /** Respondents who answered at least MIN_MATRIX_ROWS rows of this matrix. */
  n: number;
  mean_rows: number;
  /** Of those, how many gave one and the same level to every row they answered. */
  straight: number;
  share: number | null;
  /** The level straight-liners gave most often (of tied ones, the first in text order), and how many gave it. */
  top_level: string | null;
  top_level_count: number;
}

/** Straight-lining per matrix question, year, sample part (and region). */
export async function straightLining(
  conn: DuckDBConnection,
  scope: QualityScope = {},
): Promise<StraightLiningRow[]> {
  const rows = await groupedRows(
    conn,
    scope,
    `WITH ${GROUPS_CTE},
per_respondent AS (
  SELECT a.source, a.respondent, a.question, count(DISTINCT a.option) AS rows_answered,
    count(DISTINCT a.value) AS levels, min(a.value) AS level
  FROM answers a JOIN codebook_questions q ON q.id = a.question AND q.type = 'matrix'
  -- why: an "Other" box of a matrix has no level; it is not a row of the grid
  WHERE a.value IS NOT NULL
  GROUP BY ALL HAVING count(DISTINCT a.option) >= ${MIN_MATRIX_ROWS}
),
joined AS (
  SELECT g.year, g.sample, g.region, p.question, p.rows_answered, p.levels = 1 AS straight, p.level
  FROM per_respondent p JOIN groups g USING (source, respondent)
),
levels AS (
  SELECT year, sample, region, question, level, count(*) AS c FROM joined WHERE straight GROUP BY ALL
),
top AS (
  -- why: arg_max over tied counts names any of them, a different one from run to run; ties go to
  -- the first level in text order, so the same data gives the same output
  SELECT year, sample, region, question, first(level ORDER BY c DESC, level) AS top_level,
    max(c) AS top_level_count
  FROM levels GROUP BY ALL
)
SELECT j.year, j.sample, j.region, j.question, count(*) AS n, avg(j.rows_answered) AS mean_rows,
  count(*) FILTER (WHERE j.straight) AS straight, any_value(t.top_level) AS top_level,
  coalesce(any_value(t.top_level_count), 0) AS top_level_count
FROM joined j LEFT JOIN top t USING (year, sample, region, question)
GROUP BY ALL`,
    "question",
  );
  return rows.map(({ group, row: r }) => ({
    ...group,
    question: String(r.question),
    n: num(r.n),
    mean_rows: num(r.mean_rows),
    straight: num(r.straight),
    share: share(num(r.straight), num(r.n)),
    top_level: (r.top_level as string | null) ?? null,
    top_level_count: num(r.top_level_count),
  }));
}
