import { INTEGER, LIST, listValue, VARCHAR, type DuckDBConnection } from "@duckdb/node-api";
import { CensusError } from "../errors.ts";
import { NOT_SUBSTANTIVE_SQL } from "../ingest/codebook/substantive.ts";
import type { CrosstabCount } from "./crosstab-assembly.ts";
import type { StoredBreak } from "./crosstab-breaks.ts";
import {
  finishCrosstab,
  type CrosstabResult,
  type CrosstabScope,
  type CrosstabSpec,
  type CrosstabUniverse,
} from "./crosstab-result.ts";
import type { PanelShare } from "./sample-breaks.ts";
import { panelYears, surveyYears } from "./survey-years.ts";
import { K8S_USERS, K8S_USERS_DESCRIPTION, K8S_USERS_HOLDS, routedAway } from "./universes.ts";

export {
  CROSSTAB_SAMPLES,
  type CrosstabFilter,
  type CrosstabResult,
  type CrosstabSample,
  type CrosstabSpec,
  type CrosstabUniverse,
} from "./crosstab-result.ts";

/** The universes a cross-tab counts in: the CTE yielding (year, respondent), and its description. */
export const CROSSTAB_UNIVERSES = {
  respondents: {
    cte: `universe AS (
  -- why: the published samples only; screened-out 2022 rows never count
  SELECT year, respondent FROM respondents WHERE excluded IS NULL
)`,
    description: "Respondents: everyone in the published sample of each survey year",
    questions: [] as string[],
  },
  "k8s-users": {
    cte: `${K8S_USERS},
universe AS (SELECT year, respondent FROM k8s_users)`,
    description: K8S_USERS_DESCRIPTION,
    // why: the questions that decide who is in it; their breaks move the universe itself
    questions: ["k8s_clusters", "challenges"],
    holds: K8S_USERS_HOLDS,
  },
} satisfies Record<CrosstabUniverse, CrosstabScope & { cte: string }>;

/** A universe's scope as the breaks need it (the explorer's data file carries the same). */
export const crosstabScope = (universe: CrosstabUniverse): CrosstabScope => {
  const u: CrosstabScope & { cte: string } = CROSSTAB_UNIVERSES[universe];
  return { description: u.description, questions: [...u.questions], holds: u.holds };
};

// Every user value is a bound parameter: question ids, options, levels, years and the sample.
const countsSql = (
  universe: CrosstabUniverse,
  banner: "year" | "sample" | "question",
  valid: boolean,
) => `
WITH ${CROSSTAB_UNIVERSES[universe].cte},
filters AS (
  SELECT i, $filter_questions[i] AS question, $filter_options[i] AS option, $filter_levels[i] AS level
  FROM range(1, len($filter_questions) + 1) t(i)
),
matched AS (
  SELECT a.year, a.respondent FROM answers a
  JOIN filters f ON a.question = f.question AND a.option = f.option
    -- why: a matrix filter names a level; single and multi answers have none
    AND (f.level IS NULL OR a.value = f.level)
  GROUP BY ALL
  -- why: the filters are ANDed, so a respondent must match every one
  HAVING count(DISTINCT f.i) = (SELECT count(*) FROM filters)
),
kept AS (
  SELECT u.year, u.respondent FROM universe u
  JOIN respondents r ON r.year = u.year AND r.respondent = u.respondent
  WHERE u.year IN (SELECT unnest($years))
    -- why: 2022 mixes a paid panel into the community sample; other years have no panel (null)
    AND ($sample = 'all' OR coalesce(r.panel, false) = ($sample = 'panel'))
    AND ((SELECT count(*) FROM filters) = 0 OR (u.year, u.respondent) IN (SELECT year, respondent FROM matched))
),
-- why: who was asked is who reached the question: answered it or any question after it in that
-- year's export (a respondent who stopped earlier never saw it)
positions AS (
  SELECT year, question_id AS question, min(position) AS at FROM survey_columns
  WHERE question_id IS NOT NULL GROUP BY ALL
),
reached AS (
  SELECT DISTINCT a.year, a.respondent FROM answers a
  JOIN positions p ON p.year = a.year AND p.question = a.question
  JOIN positions t ON t.year = a.year AND t.question = $question
  WHERE p.at >= t.at AND a.year IN (SELECT unnest($years))
),
-- why: a list the routing detected in the data was not asked of those whose filter answer skips it
${routedAway("$question")},
-- why: answered is who gave any answer, its "Other" box included
answered AS (SELECT DISTINCT year, respondent FROM answers WHERE question = $question),
-- why: --valid leaves out who answered only "don't know" / "not applicable" (a matrix: per row)
valid AS (
  SELECT DISTINCT year, respondent, CASE WHEN value IS NULL THEN NULL ELSE option END AS option
  FROM answers WHERE question = $question AND NOT ${NOT_SUBSTANTIVE_SQL("coalesce(value, option)")}
),
${
  banner === "year"
    ? `banner_cols AS (SELECT year, CAST(year AS VARCHAR) AS col FROM (SELECT unnest($years) AS year)),
banner AS (SELECT year, respondent, CAST(year AS VARCHAR) AS col FROM kept),`
    : banner === "sample"
      ? `-- why: the sample banner splits only years with a panel: its two parts
banner_cols AS (
  SELECT DISTINCT year, CASE WHEN panel THEN 'panel' ELSE 'community' END AS col FROM respondents
  WHERE panel IS NOT NULL AND excluded IS NULL AND year IN (SELECT unnest($years))
),
banner AS (
  SELECT year, respondent, CASE WHEN panel THEN 'panel' ELSE 'community' END AS col FROM respondents
  WHERE panel IS NOT NULL AND excluded IS NULL
),`
      : `-- why: a banner option nobody in the sample chose that year was not offered: no column
banner_cols AS (SELECT DISTINCT year, option AS col FROM answers WHERE question = $by AND year IN (SELECT unnest($years))),
banner AS (SELECT year, respondent, option AS col FROM answers WHERE question = $by),`
}
people AS (
  SELECT k.year, k.respondent, b.col,
    (k.year, k.respondent) IN (SELECT year, respondent FROM reached)
      AND (k.year, k.respondent) NOT IN (SELECT year, respondent FROM routed_away) AS asked,
    (k.year, k.respondent) IN (SELECT year, respondent FROM answered) AS answered
  FROM kept k JOIN banner b USING (year, respondent)
),
base AS (
  SELECT year, respondent, col FROM people WHERE answered
  ${valid ? "AND (year, respondent) IN (SELECT year, respondent FROM valid)" : ""}
),
col_n AS (
  SELECT c.year, c.col,
    count(p.respondent) FILTER (WHERE p.asked OR p.answered) AS asked,
    count(p.respondent) FILTER (WHERE p.answered) AS answered,
    count(b.respondent) AS n
  FROM banner_cols c
  LEFT JOIN people p ON p.year = c.year AND p.col = c.col
  LEFT JOIN base b ON b.year = p.year AND b.respondent = p.respondent
  GROUP BY ALL
),
-- why: every option the year's export offered is a row, chosen or not; never one it did not offer
offered AS (SELECT DISTINCT year, option FROM survey_offered WHERE question = $question),
-- why: single and multi answers have no level (one row per option); a matrix has a row per
-- option and level, and its "Other or None" box, no codebook option, counts in n only
levels AS (SELECT DISTINCT year, value AS level FROM answers WHERE question = $question AND value IS NOT NULL),
row_keys AS (
  SELECT o.year, o.option, l.level FROM offered o
  JOIN codebook_options co ON co.question = $question AND co.option = o.option
  LEFT JOIN levels l ON l.year = o.year
  WHERE o.year IN (SELECT unnest($years))
    ${valid ? `AND NOT ${NOT_SUBSTANTIVE_SQL("coalesce(l.level, o.option)")}` : ""}
),
-- why: with --valid a matrix row's base is who rated that row with a substantive level
row_n AS (
  SELECT b.year, b.col, v.option, count(DISTINCT b.respondent) AS n
  FROM base b JOIN valid v ON v.year = b.year AND v.respondent = b.respondent AND v.option IS NOT NULL
  GROUP BY ALL
),
hits AS (
  SELECT b.year, b.col, a.option, a.value AS level, count(DISTINCT b.respondent) AS count
  FROM base b JOIN answers a ON a.year = b.year AND a.respondent = b.respondent AND a.question = $question
  GROUP BY ALL
)
SELECT n.year, n.col AS "column", r.option, r.level,
  ${valid ? "CASE WHEN r.level IS NULL THEN n.n ELSE coalesce(rn.n, 0) END" : "n.n"}::INTEGER AS n,
  n.asked::INTEGER AS asked, n.answered::INTEGER AS answered,
  coalesce(h.count, 0)::INTEGER AS count
FROM col_n n
JOIN row_keys r ON r.year = n.year
LEFT JOIN row_n rn ON rn.year = n.year AND rn.col = n.col AND rn.option = r.option
LEFT JOIN hits h ON h.year = n.year AND h.col = n.col AND h.option = r.option AND h.level IS NOT DISTINCT FROM r.level`;

// why: a respondent with two answers to a "single" banner question would sit in two columns
const OVERLAP_SQL = `
SELECT year, count(*)::INTEGER AS respondents FROM (
  SELECT year, respondent FROM answers
  WHERE question = $by AND year IN (SELECT unnest($years))
  GROUP BY ALL HAVING count(*) > 1
) GROUP BY year ORDER BY year`;

const TYPES = {
  years: LIST(INTEGER),
  filter_questions: LIST(VARCHAR),
  filter_options: LIST(VARCHAR),
  filter_levels: LIST(VARCHAR),
  question: VARCHAR,
  by: VARCHAR,
  sample: VARCHAR,
};

async function query(conn: DuckDBConnection, sql: string, params: Record<string, unknown>) {
  const types = Object.fromEntries(
    Object.keys(params).map((k) => [k, TYPES[k as keyof typeof TYPES]]),
  );
  const reader = await conn.runAndReadAll(sql, params as never, types as never);
  return reader.getRowObjectsJS();
}

/**
 * Which stored breaks a cross-tab can name (the explorer's data file keeps the same rows): those
 * that break comparability, in id order.
 */
export const CROSSTAB_BREAKS_SQL = `
SELECT question, year, previous_year, kind, option, explanation, valid_only, filter_question FROM question_breaks
WHERE NOT comparable
  -- why: a universe break of a summary-only year (2021) describes that summary's base, not a
  -- change in the questionnaire that respondent-level years on either side could inherit
  AND NOT (kind = 'universe' AND year NOT IN (SELECT year FROM survey_offered))
ORDER BY id`;

/** Breaks of the row question, the filters' and the universe's questions (a rename is no break). */
const BREAKS_SQL = `
SELECT * FROM (${CROSSTAB_BREAKS_SQL}) WHERE question IN (SELECT unnest($questions))`;

/** Years whose sample mixes a paid panel in, with their names and the panel's share (ascending). */
export const crosstabPanels = async (conn: DuckDBConnection): Promise<PanelShare[]> =>
  panelYears(await surveyYears(conn)).map((y) => ({
    year: y.year,
    label: y.label,
    share: y.panelShare,
  }));

/** A stored break row as the cross-tab reads it. */
export const storedBreak = (b: Record<string, unknown>): StoredBreak => ({
  question: String(b.question),
  year: Number(b.year),
  previous_year: b.previous_year === null ? null : Number(b.previous_year),
  kind: String(b.kind),
  option: b.option === null ? null : String(b.option),
  explanation: String(b.explanation),
  valid_only: Boolean(b.valid_only),
  filter_question: b.filter_question === null ? null : String(b.filter_question),
});

/** Counts the universe's answers to a question by the banner's columns and lays them out with tests. */
export async function computeCrosstab(
  conn: DuckDBConnection,
  spec: CrosstabSpec,
): Promise<CrosstabResult> {
  const banner = spec.by === "year" ? "year" : spec.by === "sample" ? "sample" : "question";
  const sample = spec.sample ?? "all";
  const valid = spec.valid ?? false;
  const years = listValue(spec.years);
  if (typeof spec.by === "object") {
    const overlaps = await query(conn, OVERLAP_SQL, { by: spec.by.id, years });
    if (overlaps.length)
      throw new CensusError(
        `${spec.by.id} cannot be the banner in ${overlaps.map((o) => `${o.year} (${o.respondents} respondents gave more than one answer)`).join(", ")}: ` +
          `its columns overlap, and the column tests assume each respondent is in one column. Choose another --year.`,
        2,
      );
  }
  const raw = await query(conn, countsSql(spec.universe, banner, valid), {
    question: spec.question.id,
    ...(typeof spec.by === "object" ? { by: spec.by.id } : {}),
    years,
    sample,
    filter_questions: listValue(spec.filters.map((f) => f.question)),
    filter_options: listValue(spec.filters.map((f) => f.option)),
    filter_levels: listValue(spec.filters.map((f) => f.level)),
  });
  const counts = raw.map((r): CrosstabCount => ({
    year: Number(r.year),
    column: String(r.column),
    option: String(r.option),
    level: r.level === null ? null : String(r.level),
    n: Number(r.n),
    count: Number(r.count),
    asked: Number(r.asked),
    answered: Number(r.answered),
  }));
  const scope = crosstabScope(spec.universe);
  const stored = (
    await query(conn, BREAKS_SQL, {
      questions: listValue([
        spec.question.id,
        ...spec.filters.map((f) => f.question),
        ...scope.questions,
      ]),
    } as never)
  ).map(storedBreak);
  return finishCrosstab(spec, counts, stored, await crosstabPanels(conn), scope);
}
