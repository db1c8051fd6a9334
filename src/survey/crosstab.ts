import { INTEGER, LIST, listValue, VARCHAR, type DuckDBConnection } from "@duckdb/node-api";
import { CensusError } from "../errors.ts";
import {
  assembleCrosstab,
  type CrosstabCell,
  type CrosstabColumn,
  type CrosstabCount,
} from "./crosstab-assembly.ts";
import type { CodebookQuestion } from "./crosstab-codebook.ts";
import { SIGNIFICANCE_METHOD } from "./significance.ts";
import { K8S_USERS, K8S_USERS_DESCRIPTION } from "./universes.ts";

/** The universes a cross-tab counts in: the CTE yielding (year, respondent), and its description. */
export const CROSSTAB_UNIVERSES = {
  respondents: {
    cte: `universe AS (
  -- why: the published samples only; screened-out 2022 rows never count
  SELECT year, respondent FROM respondents WHERE excluded IS NULL
)`,
    description: "Respondents: everyone in the published sample of each survey year",
  },
  "k8s-users": {
    cte: `${K8S_USERS},
universe AS (SELECT year, respondent FROM k8s_users)`,
    description: K8S_USERS_DESCRIPTION,
  },
} as const;
export type CrosstabUniverse = keyof typeof CROSSTAB_UNIVERSES;

/** One `--where`: the respondent chose `option` of `question` (at `level`, for a matrix). */
export interface CrosstabFilter {
  question: string;
  option: string;
  level: string | null;
}

/** A validated cross-tab request: every id, option and year is known to the codebook and the data. */
export interface CrosstabSpec {
  question: CodebookQuestion;
  /** A single-choice banner question, or the survey year. */
  by: CodebookQuestion | "year";
  years: number[];
  universe: CrosstabUniverse;
  filters: CrosstabFilter[];
  /** The row question's matrix levels in codebook order. */
  levels?: string[];
}

export interface CrosstabResult {
  question: { id: string; label: string; type: string };
  by: { id: string; label: string };
  universe: { id: CrosstabUniverse; description: string };
  filters: CrosstabFilter[];
  years: number[];
  method: string;
  columns: CrosstabColumn[];
  rows: CrosstabCell[];
}

// Every user value is a bound parameter: question ids, options, levels and years alike.
const countsSql = (universe: CrosstabUniverse, byYear: boolean) => `
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
  SELECT year, respondent FROM universe
  WHERE year IN (SELECT unnest($years))
    AND ((SELECT count(*) FROM filters) = 0 OR (year, respondent) IN (SELECT year, respondent FROM matched))
),
-- why: the base is who answered the row question at all, its "Other" box included
answered AS (SELECT DISTINCT year, respondent FROM answers WHERE question = $question),
${
  byYear
    ? `banner_cols AS (SELECT year, CAST(year AS VARCHAR) AS col FROM (SELECT unnest($years) AS year)),
banner AS (SELECT year, respondent, CAST(year AS VARCHAR) AS col FROM kept),`
    : `-- why: a banner option nobody in the sample chose that year was not offered: no column
banner_cols AS (SELECT DISTINCT year, option AS col FROM answers WHERE question = $by AND year IN (SELECT unnest($years))),
banner AS (SELECT year, respondent, option AS col FROM answers WHERE question = $by),`
}
base AS (
  SELECT k.year, k.respondent, b.col FROM kept k
  JOIN banner b USING (year, respondent)
  SEMI JOIN answered USING (year, respondent)
),
col_n AS (
  SELECT c.year, c.col, count(b.respondent) AS n
  FROM banner_cols c LEFT JOIN base b ON b.year = c.year AND b.col = c.col
  GROUP BY ALL
),
-- why: every option the year's export offered is a row, chosen or not (as figures list them)
offered AS (
  SELECT year, option_id AS option FROM survey_columns WHERE question_id = $question
  UNION
  SELECT year, option FROM answers WHERE question = $question
),
-- why: single and multi answers have no level (one row per option); a matrix has a row per
-- option and level, and its "Other or None" box, no codebook option, counts in n only
levels AS (SELECT DISTINCT year, value AS level FROM answers WHERE question = $question AND value IS NOT NULL),
row_keys AS (
  SELECT o.year, o.option, l.level FROM offered o
  JOIN codebook_options co ON co.question = $question AND co.option = o.option
  LEFT JOIN levels l ON l.year = o.year
  WHERE o.year IN (SELECT unnest($years))
),
hits AS (
  SELECT b.year, b.col, a.option, a.value AS level, count(DISTINCT b.respondent) AS count
  FROM base b JOIN answers a ON a.year = b.year AND a.respondent = b.respondent AND a.question = $question
  GROUP BY ALL
)
SELECT n.year, n.col AS "column", r.option, r.level, n.n::INTEGER AS n, coalesce(h.count, 0)::INTEGER AS count
FROM col_n n
JOIN row_keys r ON r.year = n.year
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
};

async function query(conn: DuckDBConnection, sql: string, params: Record<string, unknown>) {
  const types = Object.fromEntries(
    Object.keys(params).map((k) => [k, TYPES[k as keyof typeof TYPES]]),
  );
  const reader = await conn.runAndReadAll(sql, params as never, types as never);
  return reader.getRowObjectsJS();
}

/** Counts the universe's answers to a question by the banner's columns and lays them out with tests. */
export async function computeCrosstab(
  conn: DuckDBConnection,
  spec: CrosstabSpec,
): Promise<CrosstabResult> {
  const byYear = spec.by === "year";
  const years = listValue(spec.years);
  if (spec.by !== "year") {
    const overlaps = await query(conn, OVERLAP_SQL, { by: spec.by.id, years });
    if (overlaps.length)
      throw new CensusError(
        `${spec.by.id} cannot be the banner in ${overlaps.map((o) => `${o.year} (${o.respondents} respondents gave more than one answer)`).join(", ")}: ` +
          `its columns overlap, and the column tests assume each respondent is in one column. Choose another --year.`,
        2,
      );
  }
  const raw = await query(conn, countsSql(spec.universe, byYear), {
    question: spec.question.id,
    ...(byYear ? {} : { by: (spec.by as CodebookQuestion).id }),
    years,
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
  }));
  // why: a banner option nobody of the universe chose (after the filters) is no column at all
  const present = new Set(counts.filter((c) => c.n > 0).map((c) => c.column));
  const columns =
    spec.by === "year" ? spec.years.map(String) : spec.by.options.filter((o) => present.has(o));
  const table = assembleCrosstab(
    counts.filter((c) => byYear || present.has(c.column)),
    {
      columns,
      options: spec.question.options,
      levels: spec.levels,
      byYear,
    },
  );
  return {
    question: { id: spec.question.id, label: spec.question.label, type: spec.question.type },
    by:
      spec.by === "year"
        ? { id: "year", label: "Survey year" }
        : { id: spec.by.id, label: spec.by.label },
    universe: { id: spec.universe, description: CROSSTAB_UNIVERSES[spec.universe].description },
    filters: spec.filters,
    years: spec.years,
    method: SIGNIFICANCE_METHOD,
    ...table,
  };
}
