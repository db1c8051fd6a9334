import {
  BOOLEAN,
  DOUBLE,
  INTEGER,
  LIST,
  listValue,
  VARCHAR,
  type DuckDBConnection,
} from "@duckdb/node-api";
import { NOT_SUBSTANTIVE_SQL } from "../ingest/codebook/substantive.ts";
import type { CrosstabCount } from "./crosstab-assembly.ts";
import type { StoredBreak } from "./crosstab-breaks.ts";
import type { CrosstabNet } from "./crosstab-nets.ts";
import {
  finishCrosstab,
  type CrosstabFilter,
  type CrosstabOverlapCount,
  type CrosstabResult,
  type CrosstabScope,
  type CrosstabSpec,
  type CrosstabUniverse,
} from "./crosstab-result.ts";
import { overlapCount, PAIRS_SELECT } from "./crosstab-overlap.ts";
import type { PanelShare } from "./sample-breaks.ts";
import { CensusError } from "../errors.ts";
import { crosstabWeights, type CrosstabWeights } from "./crosstab-weights.ts";
import { panelYears, surveyYears } from "./survey-years.ts";
import { K8S_USERS, K8S_USERS_DESCRIPTION, K8S_USERS_HOLDS, routedAway } from "./universes.ts";

export {
  CROSSTAB_SAMPLES,
  type CrosstabFilter,
  type CrosstabOverlapCount,
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
  nets: boolean,
  filtered: boolean,
  sampled: boolean,
  select: "cells" | "pairs" = "cells",
  weighted = false,
) => `
WITH ${CROSSTAB_UNIVERSES[universe].cte},${
  weighted
    ? `
-- why: each respondent's weight, raked in crosstab-weights.ts on the whole sample of the year
weights AS (
  SELECT unnest($weight_years) AS year, unnest($weight_respondents) AS respondent,
    unnest($weight_values) AS w
),`
    : ""
}
net_defs AS (
  SELECT $net_questions[i] AS question, $net_names[i] AS net, $net_levels[i] AS over_levels,
    unnest($net_members[i]) AS member
  FROM range(1, len($net_questions) + 1) t(i)
),
-- why: a net is one more option (a matrix box: one more level of each row), chosen once by a
-- respondent who chose any of its members; counted, filtered and bannered like any option
-- why: inlined where it is read (never materialised whole), so each reader's question filter
-- reaches the scan of the sorted answers table (at 50× the materialised CTE was 0.7 M rows)
answers_n AS NOT MATERIALIZED (
  SELECT year, respondent, question, option, value FROM answers${
    // why: without nets the two joins below are empty, but DuckDB still scans answers for them
    nets
      ? `
  UNION ALL
  SELECT DISTINCT a.year, a.respondent, a.question, n.net, NULL FROM answers a
  JOIN net_defs n ON NOT n.over_levels AND a.question = n.question AND a.option = n.member
  UNION ALL
  SELECT DISTINCT a.year, a.respondent, a.question, a.option, n.net FROM answers a
  JOIN net_defs n ON n.over_levels AND a.question = n.question AND a.value = n.member`
      : ""
  }
),
${
  // why: without filters these CTEs are never needed, but DuckDB would still plan and run them
  filtered
    ? `filters AS (
  SELECT i, $filter_questions[i] AS question, $filter_options[i] AS options,
    $filter_levels[i] AS levels, $filter_kinds[i] AS kind, $filter_nots[i] AS negated
  FROM range(1, len($filter_questions) + 1) t(i)
),
-- why: per filter, who it matches: chose any of its options (at any of its levels, for a
-- matrix), answered the question at all, or is in the paid panel
matched AS (
  SELECT DISTINCT f.i, a.year, a.respondent FROM answers_n a
  JOIN filters f ON a.question = f.question
  WHERE f.kind = 'answered'
    OR (f.kind = 'options' AND list_contains(f.options, a.option)
      -- why: single and multi answers have no level
      AND (len(f.levels) = 0 OR list_contains(f.levels, a.value)))
  UNION ALL
  SELECT f.i, r.year, r.respondent FROM respondents r JOIN filters f ON f.kind = 'panel'
  WHERE r.panel AND r.excluded IS NULL
),
-- why: the filters are ANDed; a NOT filter holds for whoever its match does not hold
passed AS (
  SELECT u.year, u.respondent FROM universe u CROSS JOIN filters f
  LEFT JOIN matched m ON m.i = f.i AND m.year = u.year AND m.respondent = u.respondent
  WHERE (m.i IS NOT NULL) <> f.negated
  GROUP BY ALL
  HAVING count(*) = (SELECT count(*) FROM filters)
),
`
    : ""
}kept AS (
  SELECT u.year, u.respondent FROM universe u
  ${
    // why: every universe is published respondents already; only a sample part needs their panel
    sampled
      ? `JOIN respondents r ON r.year = u.year AND r.respondent = u.respondent
  WHERE u.year IN (SELECT unnest($years))
    -- why: 2022 mixes a paid panel into the community sample; other years have no panel (null)
    AND coalesce(r.panel, false) = ($sample = 'panel')`
      : "WHERE u.year IN (SELECT unnest($years))"
  }
    ${filtered ? "AND (u.year, u.respondent) IN (SELECT year, respondent FROM passed)" : ""}
),
-- why: who was asked is who reached the question: answered it or any question after it in that
-- year's export (a respondent who stopped earlier never saw it)
positions AS (
  SELECT year, question_id AS question, min(position) AS at FROM survey_columns
  WHERE question_id IS NOT NULL GROUP BY ALL
),
reached AS (
  SELECT r.year, r.respondent FROM respondent_reach r
  JOIN positions t ON t.year = r.year AND t.question = $question
  WHERE r.furthest >= t.at AND r.year IN (SELECT unnest($years))
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
banner_cols AS (SELECT DISTINCT year, option AS col FROM answers_n WHERE question = $by AND year IN (SELECT unnest($years))),
banner AS (SELECT year, respondent, option AS col FROM answers_n WHERE question = $by),`
}
people AS (
  SELECT k.year, k.respondent, b.col,
    (k.year, k.respondent) IN (SELECT year, respondent FROM reached)
      AND (k.year, k.respondent) NOT IN (SELECT year, respondent FROM routed_away) AS asked,
    (k.year, k.respondent) IN (SELECT year, respondent FROM answered) AS answered
  FROM kept k JOIN banner b USING (year, respondent)
),
base AS (
  SELECT p.year, p.respondent, p.col${weighted ? ", w.w" : ""} FROM people p
  ${weighted ? "LEFT JOIN weights w ON w.year = p.year AND w.respondent = p.respondent" : ""}
  WHERE p.answered
  ${valid ? "AND (p.year, p.respondent) IN (SELECT year, respondent FROM valid)" : ""}
),
col_n AS (
  SELECT c.year, c.col,
    count(p.respondent) FILTER (WHERE p.asked OR p.answered) AS asked,
    count(p.respondent) FILTER (WHERE p.answered) AS answered,
    count(b.respondent) AS n${
      weighted
        ? `,
    sum(b.w) AS w_n, sum(b.w * b.w) AS w_sq,
    -- why: every counted respondent must have a weight; one without is a bug, never a weight of 0
    count(b.respondent) FILTER (WHERE b.w IS NULL) AS unweighted`
        : ""
    }
  FROM banner_cols c
  LEFT JOIN people p ON p.year = c.year AND p.col = c.col
  -- why: the column too: a respondent sits in a net column and its member's, and a multi-select
  -- banner puts one respondent in several columns
  LEFT JOIN base b ON b.year = p.year AND b.respondent = p.respondent AND b.col = p.col
  GROUP BY ALL
),
-- why: every option the year's export offered is a row, chosen or not; never one it did not offer
offered AS (SELECT DISTINCT year, option FROM survey_offered WHERE question = $question),
-- why: a net is a row in a year that offered any of its members
row_options AS (
  SELECT o.year, o.option FROM offered o
  JOIN codebook_options co ON co.question = $question AND co.option = o.option
  UNION
  SELECT o.year, n.net FROM offered o
  JOIN net_defs n ON NOT n.over_levels AND n.question = $question AND n.member = o.option
),
-- why: single and multi answers have no level (one row per option); a matrix has a row per
-- option and level, and its "Other or None" box, no codebook option, counts in n only
given_levels AS (SELECT DISTINCT year, value AS level FROM answers WHERE question = $question AND value IS NOT NULL),
levels AS (
  SELECT year, level FROM given_levels
  UNION
  SELECT l.year, n.net FROM given_levels l
  JOIN net_defs n ON n.over_levels AND n.question = $question AND n.member = l.level
),
row_keys AS (
  SELECT o.year, o.option, l.level FROM row_options o
  LEFT JOIN levels l ON l.year = o.year
  WHERE o.year IN (SELECT unnest($years))
    ${valid ? `AND NOT ${NOT_SUBSTANTIVE_SQL("coalesce(l.level, o.option)")}` : ""}
),
${
  // why: without --valid nothing reads it, yet DuckDB ran it (a scan and a join of the row question)
  valid
    ? `-- why: with --valid a matrix row's base is who rated that row with a substantive level
row_n AS (
  SELECT b.year, b.col, v.option, count(DISTINCT b.respondent) AS n${
    weighted ? ", sum(b.w) AS w_n, sum(b.w * b.w) AS w_sq" : ""
  }
  FROM (SELECT DISTINCT * FROM base) b
  JOIN valid v ON v.year = b.year AND v.respondent = b.respondent AND v.option IS NOT NULL
  GROUP BY ALL
),`
    : ""
}
-- why: both sides made distinct first, so count(*) counts each respondent once per cell, as
-- count(DISTINCT respondent) did, without its per-group hash tables (the join is 0.5 M rows at 50×)
hits AS (
  SELECT b.year, b.col, a.option, a.value AS level, count(*) AS count${weighted ? ", sum(b.w) AS w_count, sum(b.w * b.w) AS w_count_sq" : ""}
  FROM (SELECT DISTINCT year, respondent, col${weighted ? ", w" : ""} FROM base) b
  JOIN (SELECT DISTINCT year, respondent, option, value FROM answers_n WHERE question = $question) a
    ON a.year = b.year AND a.respondent = b.respondent
  GROUP BY ALL
)
${
  select === "pairs"
    ? PAIRS_SELECT(valid, weighted)
    : `SELECT n.year, n.col AS "column", r.option, r.level,
  ${valid ? "CASE WHEN r.level IS NULL THEN n.n ELSE coalesce(rn.n, 0) END" : "n.n"}::INTEGER AS n,
  n.asked::INTEGER AS asked, n.answered::INTEGER AS answered,
  coalesce(h.count, 0)::INTEGER AS count${
    weighted
      ? `,
  coalesce(${valid ? "CASE WHEN r.level IS NULL THEN n.w_n ELSE rn.w_n END" : "n.w_n"}, 0)::DOUBLE AS weighted_n,
  coalesce(${valid ? "CASE WHEN r.level IS NULL THEN n.w_sq ELSE rn.w_sq END" : "n.w_sq"}, 0)::DOUBLE AS weighted_sq,
  coalesce(h.w_count, 0)::DOUBLE AS weighted_count,
  coalesce(h.w_count_sq, 0)::DOUBLE AS weighted_count_sq,
  n.unweighted::INTEGER AS unweighted`
      : ""
  }
FROM col_n n
JOIN row_keys r ON r.year = n.year
${valid ? "LEFT JOIN row_n rn ON rn.year = n.year AND rn.col = n.col AND rn.option = r.option" : ""}
LEFT JOIN hits h ON h.year = n.year AND h.col = n.col AND h.option = r.option AND h.level IS NOT DISTINCT FROM r.level`
}`;

// why: a respondent with two answers to a banner question sits in two columns (a multi-select
// banner, or a "single" one answered twice: serverless in 2019 and 1H 2020)
const OVERLAP_SQL = `
SELECT year, count(*)::INTEGER AS respondents FROM (
  SELECT year, respondent FROM answers
  WHERE question = $by AND year IN (SELECT unnest($years))
  GROUP BY ALL HAVING count(*) > 1
) GROUP BY year ORDER BY year`;

const TYPES = {
  years: LIST(INTEGER),
  filter_questions: LIST(VARCHAR),
  filter_options: LIST(LIST(VARCHAR)),
  filter_levels: LIST(LIST(VARCHAR)),
  filter_kinds: LIST(VARCHAR),
  filter_nots: LIST(BOOLEAN),
  net_questions: LIST(VARCHAR),
  net_names: LIST(VARCHAR),
  net_levels: LIST(BOOLEAN),
  net_members: LIST(LIST(VARCHAR)),
  question: VARCHAR,
  by: VARCHAR,
  sample: VARCHAR,
  weight_years: LIST(INTEGER),
  weight_respondents: LIST(INTEGER),
  weight_values: LIST(DOUBLE),
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

/** The filters as the counts query binds them: one list entry per filter. */
const filterParams = (filters: CrosstabFilter[]) => ({
  filter_questions: listValue(filters.map((f) => f.question)),
  filter_options: listValue(filters.map((f) => listValue(f.options ?? [f.option]))),
  filter_levels: listValue(
    filters.map((f) => listValue(f.levels ?? (f.level === null ? [] : [f.level]))),
  ),
  filter_kinds: listValue(filters.map((f) => f.kind ?? "options")),
  filter_nots: listValue(filters.map((f) => f.not ?? false)),
});

/** The nets as the counts query binds them. */
const netParams = (nets: CrosstabNet[]) => ({
  net_questions: listValue(nets.map((n) => n.question)),
  net_names: listValue(nets.map((n) => n.name)),
  net_levels: listValue(nets.map((n) => n.over === "levels")),
  net_members: listValue(nets.map((n) => listValue(n.members))),
});

/** The counts query's SQL and bound parameters for a spec (the pairs query ends it differently). */
const countsQuery = (
  spec: CrosstabSpec,
  select: "cells" | "pairs" = "cells",
  weights?: CrosstabWeights,
) => {
  const banner = spec.by === "year" ? "year" : spec.by === "sample" ? "sample" : "question";
  const nets = spec.nets ?? [];
  return {
    sql: countsSql(
      spec.universe,
      banner,
      spec.valid ?? false,
      nets.length > 0,
      spec.filters.length > 0,
      (spec.sample ?? "all") !== "all",
      select,
      weights !== undefined,
    ),
    params: {
      question: spec.question.id,
      ...(typeof spec.by === "object" ? { by: spec.by.id } : {}),
      years: listValue(spec.years),
      ...((spec.sample ?? "all") !== "all" ? { sample: spec.sample } : {}),
      ...(spec.filters.length ? filterParams(spec.filters) : {}),
      ...netParams(nets),
      ...(weights && {
        weight_years: listValue(weights.years),
        weight_respondents: listValue(weights.respondents),
        weight_values: listValue(weights.weights),
      }),
    },
  };
};

/**
 * A banner question whose columns share respondents (multi-select, or a "single" one holding two
 * answers from one respondent: serverless in 2019 and 1H 2020): for each year, pair of columns
 * and row, who is in both bases and chose the row. None for any other banner.
 */
export async function overlapCounts(
  conn: DuckDBConnection,
  spec: CrosstabSpec,
  weights?: CrosstabWeights,
): Promise<CrosstabOverlapCount[]> {
  if (typeof spec.by !== "object") return [];
  const overlapping = await query(conn, OVERLAP_SQL, {
    by: spec.by.id,
    years: listValue(spec.years),
  });
  if (!overlapping.length) return [];
  const { sql, params } = countsQuery(spec, "pairs", weights);
  return (await query(conn, sql, params)).map(overlapCount);
}

/** Counts the universe's answers to a question by the banner's columns and lays them out with tests. */
export async function computeCrosstab(
  conn: DuckDBConnection,
  spec: CrosstabSpec,
): Promise<CrosstabResult> {
  const weights = spec.weight && (await crosstabWeights(conn, spec));
  const { sql, params } = countsQuery(spec, "cells", weights);
  const raw = await query(conn, sql, params);
  const pairs = await overlapCounts(conn, spec, weights);
  if (raw.some((r) => Number(r.unweighted ?? 0) > 0))
    throw new Error("crosstab: a counted respondent has no weight (crosstab-weights.ts)");
  const counts = raw.map((r): CrosstabCount => ({
    year: Number(r.year),
    column: String(r.column),
    option: String(r.option),
    level: r.level === null ? null : String(r.level),
    n: Number(r.n),
    count: Number(r.count),
    asked: Number(r.asked),
    answered: Number(r.answered),
    ...(weights && {
      weighted_n: Number(r.weighted_n),
      weighted_sq: Number(r.weighted_sq),
      weighted_count: Number(r.weighted_count),
      weighted_count_sq: Number(r.weighted_count_sq),
    }),
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
  return finishCrosstab(
    spec,
    counts,
    stored,
    await crosstabPanels(conn),
    scope,
    pairs,
    weights?.weighting,
  );
}
