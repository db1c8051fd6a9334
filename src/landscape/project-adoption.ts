import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { ITEM_KEY } from "./filter.ts";
import { surveyYears } from "../survey/survey-years.ts";
import { wilson } from "../survey/wilson.ts";

/**
 * Where a row's counts come from: respondent-level answers (2018, 2019, 1H 2020, 2022) or a
 * published one-question summary (2021 wave 2's workbook: the Total row of the project's matrix).
 */
export type AdoptionBasis = "respondents" | "published marginal";

/**
 * Which respondents a row counts: the whole published sample ("all"), or, in a year with a paid
 * panel (respondents.panel set: 2022), its community or paid-panel part.
 */
export type AdoptionSample = "all" | "community" | "panel";

/** One CNCF project in one survey year: its adoption beside its maturity at the survey. */
export interface ProjectAdoptionRow {
  project: string;
  year: number;
  /** The survey's label (survey_sources.period): "1H 2020", "2021 wave 2". */
  period: string;
  reference_date: string;
  sample: AdoptionSample;
  basis: AdoptionBasis;
  /** Why the row's share is not like the others, or null: a marginal's base, a filtered block, a panel mix. */
  note: string | null;
  /** The project's name in the newest snapshot listing it; null if never listed (Heron). */
  landscape_name: string | null;
  /** CNCF maturity at reference_date: a level, "none" (not, or not yet, a CNCF project), or null (never listed). */
  maturity_then: string | null;
  /** The maturity block the survey listed the project under (2019 on; null in 2018). */
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
  /** Respondents who answered any row of the matrix (2021: the block's "Answered"), for a whole-question base. */
  n_question: number;
}

const ADOPTION_SQL = `
WITH survey_dates AS (
  -- why: each survey's date lives in data/surveys/<id>.yml with its evidence (no export carries
  -- response dates: each is a date inside the window its own question fixes); a year without one
  -- (not yet established) is left out
  -- (2021: wave 2 only, the wave with the project matrix; wave 1 lists no project)
  SELECT year, reference_date, any_value(period) AS period
  FROM survey_sources WHERE reference_date IS NOT NULL
  GROUP BY year, reference_date
),
dated_sources AS (SELECT source FROM survey_sources WHERE reference_date IS NOT NULL),
-- survey options the landscape names otherwise (its older names match the option itself)
landscape_names(option, landscape_name) AS (
  VALUES ('CNI', 'Container Network Interface (CNI)'), ('TUF', 'The Update Framework (TUF)'),
         ('Open Policy Agent', 'Open Policy Agent (OPA)'),
         ('Service Mesh Interface', 'Service Mesh Interface (SMI)'),
         ('Notary', 'Notary Project'), ('ChubaoFS', 'CubeFS'),
         -- 2021 wave 2's Sandbox block spells these otherwise than the landscape
         ('WasmEdgeRuntime', 'WasmEdge Runtime'), ('Piraeus-Datastore', 'Piraeus Datastore'),
         ('Cloud Development Kit for Kubernetes (cdk8s)', 'CDK for Kubernetes (CDK8s)'),
         ('K8GB - Kubernetes Global Balancer', 'k8gb'), ('metal3-io', 'Metal³'),
         ('Serverless Workflow Specification', 'Serverless Workflow'),
         -- why: Flagger is a Flux sub-project (fluxcd/flagger), listed by 2021 under incubating with
         -- Flux; the landscape's own "Flagger" item is not a CNCF project
         ('Flagger', 'Flux')
),
project_answers AS (
  SELECT a.year, a.option, a.respondent, a.value, r.panel
  FROM answers a
  LEFT JOIN respondents r ON r.source = a.source AND r.respondent = a.respondent
  WHERE a.question = 'cncf_projects'
),
rows_answered AS (
  -- why: a project's row counts a respondent who chose any level in it (N/A included): the base
  -- of CNCF's own Kubernetes figures (58%, 78%, 83%) and of figure adoption-kubernetes
  SELECT year, option, 'all' AS sample, 'respondents' AS basis,
         count(DISTINCT respondent)::INTEGER AS n,
         count(DISTINCT respondent) FILTER (WHERE value = 'Using in production')::INTEGER AS production,
         count(DISTINCT respondent) FILTER (WHERE value = 'Evaluating')::INTEGER AS evaluating
  FROM project_answers
  GROUP BY year, option
  UNION ALL
  -- why: a blend of paid panel and community is not comparable with community-only years, so a
  -- panel year's rows come split as well (respondents.panel, set where the survey file names
  -- panel collectors)
  SELECT year, option, CASE WHEN panel THEN 'panel' ELSE 'community' END, 'respondents',
         count(DISTINCT respondent)::INTEGER,
         count(DISTINCT respondent) FILTER (WHERE value = 'Using in production')::INTEGER,
         count(DISTINCT respondent) FILTER (WHERE value = 'Evaluating')::INTEGER
  FROM project_answers
  WHERE panel IS NOT NULL
  GROUP BY ALL
  UNION ALL
  -- why: a summary-only year (2021) has no answers, only the published Total row of each
  -- project: n is who rated the row (its options' counts summed: one answer per row), as above
  SELECT m.year, m.item_id, 'all', 'published marginal', sum(m.count)::INTEGER,
         coalesce(sum(m.count) FILTER (WHERE m.option = 'Using in production'), 0)::INTEGER,
         coalesce(sum(m.count) FILTER (WHERE m.option = 'Evaluating'), 0)::INTEGER
  FROM published_marginals m SEMI JOIN dated_sources d ON d.source = m.source
  WHERE m.question_id = 'cncf_projects' AND m.region = 'Total'
  GROUP BY m.year, m.item_id
),
question_n AS (
  -- why: anyone who answered some row of the matrix
  SELECT year, NULL AS option, 'all' AS sample, count(DISTINCT respondent)::INTEGER AS n_question
  FROM project_answers GROUP BY year
  UNION ALL
  SELECT year, NULL, CASE WHEN panel THEN 'panel' ELSE 'community' END, count(DISTINCT respondent)::INTEGER
  FROM project_answers WHERE panel IS NOT NULL GROUP BY ALL
  UNION ALL
  -- a summary's "Answered" is per block (graduated and incubating share a page; Sandbox has its own)
  SELECT m.year, m.item_id, 'all', max(m.answered)::INTEGER
  FROM published_marginals m SEMI JOIN dated_sources d ON d.source = m.source
  WHERE m.question_id = 'cncf_projects' AND m.region = 'Total'
  GROUP BY m.year, m.item_id
),
blocks AS (
  SELECT DISTINCT year, option_id AS option,
         regexp_extract(question, '(graduated|incubating|sandbox) CNCF projects', 1) AS listed_as
  FROM survey_columns
  -- why: 2019 on ask the matrix in one block per maturity, the survey's own statement
  WHERE question_id = 'cncf_projects'
    AND regexp_matches(question, '(graduated|incubating|sandbox) CNCF projects')
  UNION
  -- 2021 words its blocks "graduated CNCF projects", "incubating CNCF projects", "CNCF Sandbox projects"
  SELECT DISTINCT year, item_id,
         regexp_extract(lower(question), '(graduated|incubating|sandbox)', 1)
  FROM published_marginals
  WHERE question_id = 'cncf_projects'
    AND regexp_matches(lower(question), '(graduated|incubating|sandbox) cncf projects|cncf sandbox projects')
),
project_keys AS (
  SELECT DISTINCT option, ${ITEM_KEY} AS item_key
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
SELECT a.option AS project, a.year, sd.period, CAST(f.reference_date AS VARCHAR) AS reference_date,
       a.sample, a.basis, h.landscape_name,
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
JOIN in_force f ON f.year = a.year
JOIN survey_dates sd ON sd.year = a.year
JOIN question_n q ON q.year = a.year AND q.sample = a.sample AND (q.option IS NULL OR q.option = a.option)
LEFT JOIN history h ON h.option = a.option
LEFT JOIN blocks b ON b.year = a.year AND b.option = a.option
LEFT JOIN snapshot_maturity m ON m.year = a.year AND m.option = a.option
LEFT JOIN codebook_options o ON o.question = 'cncf_projects' AND o.option = a.option
ORDER BY o."order", a.option, a.year, list_position(['all', 'community', 'panel'], a.sample)`;

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

/**
 * What a reader must know before putting the row beside another year's: a published marginal's
 * base, a block asked only of those who passed a filter, which part of a panel year's sample.
 */
export function adoptionNote(r: {
  basis: AdoptionBasis;
  sample: AdoptionSample;
  period: string;
  survey_listed_as: string | null;
  n_question: number;
  panel_share: number | null;
}): string | null {
  const notes: string[] = [];
  if (r.basis === "published marginal")
    notes.push(
      `${r.period}: CNCF's published summary (Total row), not respondent rows; n = who rated the row`,
    );
  // why: 2021 asked the Sandbox block only of those who said they use or evaluate a Sandbox
  // project, so its shares are of Sandbox users, not of the survey's respondents
  if (r.basis === "published marginal" && r.survey_listed_as === "sandbox")
    notes.push(
      `Sandbox block asked only of those who use or evaluate some Sandbox project (${r.n_question} answered): not comparable with other years`,
    );
  if (r.panel_share !== null) {
    const panel = `${Math.round(r.panel_share * 100)}% paid panel`;
    notes.push(
      r.sample === "all"
        ? `whole sample: community + paid panel (${panel}); not comparable with community-only years`
        : r.sample === "panel"
          ? `paid-panel part only (${panel} of the sample)`
          : `community part only (the sample without its ${panel})`,
    );
  }
  return notes.length ? notes.join("; ") : null;
}

/** Each year's paid-panel share of its screened sample (surveyYears'; a community-only year has none). */
export async function panelShares(conn: DuckDBConnection): Promise<Map<number, number>> {
  return new Map(
    (await surveyYears(conn)).flatMap((y) =>
      y.panelShare === null ? [] : [[y.year, y.panelShare] as const],
    ),
  );
}

export async function projectAdoption(conn: DuckDBConnection): Promise<ProjectAdoptionRow[]> {
  const rows = await queryRows(conn, ADOPTION_SQL);
  const panels = await panelShares(conn);
  return rows.map((r) => {
    const n = r.n as number;
    const production = r.production as number;
    const evaluating = r.evaluating as number;
    const basis = r.basis as AdoptionBasis;
    const sample = r.sample as AdoptionSample;
    const period = r.period as string;
    const survey_listed_as = (r.survey_listed_as as string) ?? null;
    const n_question = r.n_question as number;
    const panel_share = panels.get(r.year as number) ?? null;
    return {
      project: r.project as string,
      year: r.year as number,
      period,
      reference_date: r.reference_date as string,
      sample,
      basis,
      note: adoptionNote({ basis, sample, period, survey_listed_as, n_question, panel_share }),
      landscape_name: (r.landscape_name as string) ?? null,
      maturity_then: (r.maturity_then as string) ?? null,
      survey_listed_as,
      snapshot: r.snapshot as string,
      maturity_in_snapshot: (r.maturity_in_snapshot as string) ?? null,
      ...levelShares(n, production, evaluating),
      n_question,
    };
  });
}
