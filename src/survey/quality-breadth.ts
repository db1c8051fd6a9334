/**
 * Check 2 of `kube-census quality`: how many options of a multi-select list respondents tick, and
 * how many tick (nearly) all of them.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { GROUPS_CTE, groupedRows, num, share, type QualityScope } from "./quality-groups.ts";

/** Ticking at least this share of the options listed counts as ticking (nearly) everything. */
export const WIDE_SHARE = 0.8;

/**
 * The options each year's export lists for a question: its distinct option columns (the "Other"
 * box included — ticking it is an answer). `survey_columns` is the export as printed: only a list
 * printed as one box per option let a respondent tick several, and for every such list the count
 * equals what `survey_offered` holds. A list answered in one cell (2018's learn_sources: one answer
 * per respondent, a type break) counts as one column and is left out below: it has no breadth.
 */
const LISTED = `
listed AS (
  SELECT year, question_id AS question, count(DISTINCT option_id) AS listed FROM survey_columns
  WHERE question_id IS NOT NULL AND option_id IS NOT NULL GROUP BY ALL
)`;

export interface BreadthRow {
  year: number;
  sample: string;
  region: string;
  question: string;
  /** Options the export lists for the question that year. */
  listed: number;
  /** Respondents who ticked at least one option. */
  n: number;
  mean_ticked: number;
  /** Of those, how many ticked at least WIDE_SHARE of the options listed. */
  wide: number;
  share_wide: number | null;
}

/** Multi-select breadth per question, year, sample part (and region). */
export async function multiSelectBreadth(
  conn: DuckDBConnection,
  scope: QualityScope = {},
): Promise<BreadthRow[]> {
  const rows = await groupedRows(
    conn,
    scope,
    `WITH ${GROUPS_CTE}, ${LISTED},
ticked AS (
  SELECT a.source, a.respondent, a.year, a.question, count(DISTINCT a.option) AS ticked
  FROM answers a JOIN codebook_questions q ON q.id = a.question AND q.type = 'multi' GROUP BY ALL
)
SELECT g.year, g.sample, g.region, t.question, l.listed, count(*) AS n, avg(t.ticked) AS mean_ticked,
  count(*) FILTER (WHERE t.ticked >= ${WIDE_SHARE} * l.listed) AS wide
FROM ticked t JOIN groups g USING (source, respondent)
JOIN listed l ON l.year = t.year AND l.question = t.question
-- why: a one-option "list" (a lone typed box) has no breadth to measure
WHERE l.listed >= 2
GROUP BY ALL`,
    "question",
  );
  return rows.map(({ group, row: r }) => ({
    ...group,
    question: String(r.question),
    listed: num(r.listed),
    n: num(r.n),
    mean_ticked: num(r.mean_ticked),
    wide: num(r.wide),
    share_wide: share(num(r.wide), num(r.n)),
  }));
}
