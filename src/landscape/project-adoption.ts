import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { ITEM_KEY } from "./filter.ts";
import { wilson } from "../survey/wilson.ts";

/** One CNCF project in one survey year: its adoption beside its maturity at the survey. */
export interface ProjectAdoptionRow {
  project: string;
  year: number;
  reference_date: string;
  /** The project's name in the newest snapshot listing it; null if never listed (Heron). */
  landscape_name: string | null;
  /** CNCF maturity at reference_date: a level, "none" (not, or not yet, a CNCF project), or null (never listed). */
  maturity_then: string | null;
  /** The maturity block the survey listed the project under (2019, 1H 2020; null in 2018). */
  survey_listed_as: string | null;
  /** The snapshot in force at reference_date (2018: the first snapshot, 2018-12-31, taken later). */
  snapshot: string;
  maturity_in_snapshot: string | null;
  /** Respondents who answered the project's row (2018: ticked production or evaluating). */
  n: number;
  production: number;
  production_share: number;
  production_low: number;
  production_high: number;
  evaluating: number;
  evaluating_share: number;
  evaluating_low: number;
  evaluating_high: number;
  /** Respondents who answered any row of the matrix, for a whole-question base. */
  n_question: number;
}

const ADOPTION_SQL = `
WITH survey_dates AS (
  -- why: each survey's date lives in data/surveys/<id>.yml with its evidence (no export carries
  -- response dates: each is a date inside the window its own question fixes); a year without one
  -- (not yet established) is left out
  SELECT DISTINCT year, reference_date FROM survey_sources WHERE reference_date IS NOT NULL
),
-- survey options the landscape names otherwise (its older names match the option itself)
landscape_names(option, landscape_name) AS (
  VALUES ('CNI', 'Container Network Interface (CNI)'), ('TUF', 'The Update Framework (TUF)'),
         ('Open Policy Agent', 'Open Policy Agent (OPA)'),
         ('Service Mesh Interface', 'Service Mesh Interface (SMI)'),
         ('Notary', 'Notary Project'), ('ChubaoFS', 'CubeFS')
),
rows_answered AS (
  SELECT year, option, count(DISTINCT respondent)::INTEGER AS n,
         count(DISTINCT respondent) FILTER (WHERE value = 'Using in production')::INTEGER AS production,
         count(DISTINCT respondent) FILTER (WHERE value = 'Evaluating')::INTEGER AS evaluating
  FROM answers
  -- why: a project's row counts a respondent who chose any level in it (N/A included): the base
  -- of CNCF's own Kubernetes figures (58%, 78%, 83%) and of figure adoption-kubernetes
  WHERE question = 'cncf_projects'
  GROUP BY year, option
),
question_n AS (
  SELECT year, count(DISTINCT respondent)::INTEGER AS n_question
  FROM answers
  -- why: anyone who answered some row of the matrix
  WHERE question = 'cncf_projects'
  GROUP BY year
),
blocks AS (
  SELECT DISTINCT year, option_id AS option,
         regexp_extract(question, '(graduated|incubating|sandbox) CNCF projects', 1) AS listed_as
  FROM survey_columns
  -- why: 2019 and 1H 2020 ask the matrix in one block per maturity, the survey's own statement
  WHERE question_id = 'cncf_projects'
    AND regexp_matches(question, '(graduated|incubating|sandbox) CNCF projects')
),
project_keys AS (
  SELECT DISTINCT option, lower(regexp_replace(trim(name), '\\s+', ' ', 'g')) AS item_key
  FROM (SELECT option, option AS name FROM rows_answered
        UNION ALL SELECT option, landscape_name FROM landscape_names)
),
keyed_items AS (SELECT *, ${ITEM_KEY} AS item_key FROM landscape_items),
history AS (
  -- the earliest date any snapshot records for each step: a later snapshot can overwrite one
  -- (OpenEBS's acceptance, 2019-05-14, reads 2024-10-10 from 2024-12-31 on)
  SELECT k.option, arg_max(l.name, l.snapshot) AS landscape_name,
         min(l.accepted) AS accepted, min(l.incubating) AS incubating,
         min(l.graduated) AS graduated, min(l.archived) AS archived,
         coalesce(bool_or(l.maturity = 'sandbox'), false) AS ever_sandbox
  FROM project_keys k JOIN keyed_items l USING (item_key)
  GROUP BY k.option
),
in_force AS (
  SELECT s.year, s.reference_date,
         -- why: the newest snapshot on or before the date; 2018 has none, so the first one
         coalesce(max(l.snapshot) FILTER (WHERE l.snapshot <= s.reference_date), min(l.snapshot)) AS snapshot
  FROM survey_dates s CROSS JOIN (SELECT DISTINCT snapshot FROM landscape_items) l
  GROUP BY s.year, s.reference_date
),
snapshot_maturity AS (
  SELECT f.year, k.option, coalesce(max(l.maturity), 'none') AS maturity_in_snapshot
  FROM in_force f
  JOIN keyed_items l ON l.snapshot = f.snapshot
  JOIN project_keys k ON k.item_key = l.item_key
  GROUP BY f.year, k.option
)
SELECT a.option AS project, a.year, CAST(f.reference_date AS VARCHAR) AS reference_date,
       h.landscape_name,
       CASE
         WHEN h.option IS NULL THEN NULL
         WHEN h.archived <= f.reference_date THEN 'archived'
         WHEN h.graduated <= f.reference_date THEN 'graduated'
         WHEN h.incubating <= f.reference_date THEN 'incubating'
         -- no incubating date and never shown as sandbox: it entered at incubating (rkt, 2017)
         WHEN h.accepted <= f.reference_date AND h.incubating IS NULL AND NOT h.ever_sandbox THEN 'incubating'
         WHEN h.accepted <= f.reference_date THEN 'sandbox'
         ELSE 'none'
       END AS maturity_then,
       b.listed_as AS survey_listed_as,
       CAST(f.snapshot AS VARCHAR) AS snapshot, m.maturity_in_snapshot,
       a.n, a.production, a.evaluating, q.n_question
FROM rows_answered a
JOIN in_force f USING (year)
JOIN question_n q USING (year)
LEFT JOIN history h USING (option)
LEFT JOIN blocks b USING (year, option)
LEFT JOIN snapshot_maturity m USING (year, option)
LEFT JOIN codebook_options o ON o.question = 'cncf_projects' AND o.option = a.option
ORDER BY o."order", a.option, a.year`;

/**
 * Adoption of each CNCF project the surveys ask about, per survey year (share of respondents
 * answering its row who use it in production / evaluate it, with 95% Wilson intervals), beside
 * its CNCF maturity at the survey. Maturity is computed from the accepted / incubating /
 * graduated / archived dates the snapshots record (2021-12-31 on) rather than read from the
 * snapshot in force, which lags the surveys by months (for 2018 none exists yet): with the dates,
 * every 2019 and 1H 2020 project gets the maturity block the survey itself put it in.
 */
/** A product's production and evaluating counts over n, each with its share and 95% Wilson interval. */
export function levelShares(n: number, production: number, evaluating: number) {
  const p = wilson(production, n);
  const e = wilson(evaluating, n);
  return {
    n,
    production,
    production_share: production / n,
    production_low: p.low,
    production_high: p.high,
    evaluating,
    evaluating_share: evaluating / n,
    evaluating_low: e.low,
    evaluating_high: e.high,
  };
}

export async function projectAdoption(conn: DuckDBConnection): Promise<ProjectAdoptionRow[]> {
  const rows = await queryRows(conn, ADOPTION_SQL);
  return rows.map((r) => {
    const n = r.n as number;
    const production = r.production as number;
    const evaluating = r.evaluating as number;
    return {
      project: r.project as string,
      year: r.year as number,
      reference_date: r.reference_date as string,
      landscape_name: (r.landscape_name as string) ?? null,
      maturity_then: (r.maturity_then as string) ?? null,
      survey_listed_as: (r.survey_listed_as as string) ?? null,
      snapshot: r.snapshot as string,
      maturity_in_snapshot: (r.maturity_in_snapshot as string) ?? null,
      ...levelShares(n, production, evaluating),
      n_question: r.n_question as number,
    };
  });
}
