// Survey × momentum: each CNCF project's production use and evaluation in a survey (n, 95%
// Wilson intervals, from projectAdoption) beside its GitHub facts in the processed snapshot taken
// on or before the survey's reference date, and a Spearman rank correlation across the projects
// of each survey year with a Fisher-z interval.
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { itemKey } from "./model.ts";
import { wilson } from "../survey/wilson.ts";
import { adoptionNote, levelShares, panelShares, projectAdoption } from "./project-adoption.ts";
import { LIST_QUESTIONS, readProductAliases, type ProductAliases } from "./product-aliases.ts";

/**
 * The surveys' questions about products: the matrices with the CNCF project matrix's levels
 * (using in production, evaluating) — the project matrix itself (through projectAdoption), service
 * mesh and storage — and the ingress and CI/CD lists (multi-select: choosing a product counts as
 * production use, and there is no evaluating level).
 */
export const PRODUCT_MATRICES = [
  "cncf_projects",
  "service_mesh",
  "storage",
  ...LIST_QUESTIONS,
] as const;
export type ProductMatrix = (typeof PRODUCT_MATRICES)[number];

// A row is counted as the project matrix counts it: everyone who chose any level in it.
const MATRIX_SQL = `
SELECT question, year, option, CAST(s.reference_date AS VARCHAR) AS reference_date,
       count(DISTINCT respondent)::INTEGER AS n,
       count(DISTINCT respondent) FILTER (WHERE value = 'Using in production')::INTEGER AS production,
       count(DISTINCT respondent) FILTER (WHERE value = 'Evaluating')::INTEGER AS evaluating
FROM answers
-- why: a survey is placed against the snapshots by its reference date (data/surveys/<id>.yml),
-- the same dates project adoption uses; a survey without one has no snapshot to stand beside
JOIN (SELECT DISTINCT year, reference_date FROM survey_sources WHERE reference_date IS NOT NULL) s
  USING (year)
WHERE question IN ('service_mesh', 'storage')
  -- why: the write-in and "none" rows name no product
  AND NOT regexp_matches(option, '^(Other|None)')
GROUP BY ALL
ORDER BY question, year, option`;

// A list's base is everyone who answered it (None, Other and N/A included): a tick is use.
const LIST_SQL = `
WITH asked AS (
  SELECT question, year, count(DISTINCT respondent)::INTEGER AS n
  FROM answers WHERE question IN ('ingress', 'cicd') GROUP BY ALL
)
SELECT a.question, a.year, a.option, CAST(s.reference_date AS VARCHAR) AS reference_date, q.n,
       count(DISTINCT a.respondent)::INTEGER AS production
FROM answers a
JOIN asked q USING (question, year)
-- why: as for the matrices, a survey without a reference date has no snapshot beside it
JOIN (SELECT DISTINCT year, reference_date FROM survey_sources WHERE reference_date IS NOT NULL) s
  USING (year)
WHERE a.question IN ('ingress', 'cicd')
  -- why: these answers name no product
  AND NOT regexp_matches(a.option, '^(Other|None|N/A|Custom Scripts|Managed build service)')
GROUP BY ALL
ORDER BY a.question, a.year, a.option`;

export interface MomentumAdoptionRow {
  /** The survey matrix the row comes from. */
  question: ProductMatrix;
  project: string;
  year: number;
  /** The survey's reference date (survey_sources.reference_date, from data/surveys/<id>.yml). */
  reference_date: string;
  /** What the share is, where it is not like the other years' (projectAdoption's note: a published marginal, a panel mix). */
  note: string | null;
  n: number;
  production: number;
  production_share: number;
  production_low: number;
  production_high: number;
  /** Null for a list question (ingress, CI/CD): it has no evaluating level. */
  evaluating: number | null;
  evaluating_share: number | null;
  evaluating_low: number | null;
  evaluating_high: number | null;
  /** The processed snapshot read: the newest on or before the reference date, at most 183 days older (null: none). */
  github_snapshot: string | null;
  repo_url: string | null;
  stars: number | null;
  contributors: number | null;
  commits_52w: number | null;
}

export interface RankCorrelation {
  year: number;
  question: ProductMatrix;
  /** The survey measure and the GitHub measure ranked against each other. */
  survey_measure: "production_share" | "evaluating_share";
  github_measure: "stars" | "contributors";
  /** Projects with both values. */
  projects: number;
  rho: number | null;
  /** 95% interval by Fisher's z with the Fieller–Hartley–Pearson variance 1.06 / (n − 3). */
  low: number | null;
  high: number | null;
}

/** Ranks 1…n, ties given the mean of the ranks they span. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Spearman's rho: Pearson's correlation of the ranks (exact with ties). Null below 3 pairs. */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n < 3 || y.length !== n) return null;
  const [rx, ry] = [ranks(x), ranks(y)];
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const [a, b] = [rx[i]! - mean, ry[i]! - mean];
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/**
 * The 95% interval of a Spearman rho from n pairs: tanh(atanh(rho) ± 1.96·√(1.06 / (n − 3)))
 * (Fieller, Hartley & Pearson 1957). Null for n ≤ 3 or |rho| = 1.
 */
export function fisherInterval(rho: number, n: number): { low: number; high: number } | null {
  if (n <= 3 || Math.abs(rho) >= 1) return null;
  const z = Math.atanh(rho);
  const half = 1.959964 * Math.sqrt(1.06 / (n - 3));
  return { low: Math.tanh(z - half), high: Math.tanh(z + half) };
}

/**
 * The GitHub snapshot a survey stands beside: the newest on or before its reference date, if it
 * is at most MAX_SNAPSHOT_LAG_DAYS older. The processed snapshots end at 2020-07-31, so 2021
 * (2021-08-26) and 2022 (2022-07-13) get none rather than facts a year or two stale; the
 * 1H 2020 survey's 2019-12-31 (153 days) is the longest lag used.
 */
export const MAX_SNAPSHOT_LAG_DAYS = 183;
export function snapshotFor(snapshots: readonly string[], referenceDate: string): string | null {
  const s = snapshots.filter((x) => x <= referenceDate).at(-1);
  if (!s) return null;
  const lag = (Date.parse(referenceDate) - Date.parse(s)) / 86_400_000;
  return lag <= MAX_SNAPSHOT_LAG_DAYS ? s : null;
}

const MOMENTUM_SQL = `
SELECT CAST(snapshot AS VARCHAR) AS snapshot, item_key, repo_url, stars, contributors, commits_52w
FROM momentum`;

/**
 * Every CNCF project of the surveys' project matrix, per survey year, beside its GitHub facts
 * (null where the item had no repository in the snapshot, or no snapshot precedes the survey);
 * and the rank correlations per year between production use (and evaluation) and stars (and
 * contributors), over the projects that have both.
 */
export async function momentumAdoption(
  conn: DuckDBConnection,
  aliases?: ProductAliases,
): Promise<{
  rows: MomentumAdoptionRow[];
  correlations: RankCorrelation[];
}> {
  // why: a correlation across one year's projects takes one share per project, the whole sample's
  // (2022's community and panel parts are projectAdoption's, not a second set of points)
  const projects = (await projectAdoption(conn))
    .filter((a) => a.sample === "all")
    .map((a) => ({ ...a, question: "cncf_projects" as ProductMatrix }));
  // why: a panel year's whole-sample share says so, as the project matrix's does
  const panelShare = await panelShares(conn);
  const note = (year: number) =>
    adoptionNote({
      basis: "respondents",
      sample: "all",
      period: String(year),
      survey_listed_as: null,
      n_question: 0,
      panel_share: panelShare.get(year) ?? null,
    });
  const others = (await queryRows(conn, MATRIX_SQL)).map((r) => {
    const [n, production, evaluating] = [Number(r.n), Number(r.production), Number(r.evaluating)];
    const year = Number(r.year);
    return {
      question: r.question as ProductMatrix,
      project: String(r.option),
      year,
      reference_date: String(r.reference_date),
      landscape_name: null,
      note: note(year),
      ...levelShares(n, production, evaluating),
    };
  });
  const lists = (await queryRows(conn, LIST_SQL)).map((r) => {
    const [n, production] = [Number(r.n), Number(r.production)];
    const p = wilson(production, n);
    return {
      question: r.question as ProductMatrix,
      project: String(r.option),
      year: Number(r.year),
      reference_date: String(r.reference_date),
      landscape_name: null,
      note: note(Number(r.year)),
      n,
      production,
      production_share: production / n,
      production_low: p.low,
      production_high: p.high,
      evaluating: null,
      evaluating_share: null,
      evaluating_low: null,
      evaluating_high: null,
    };
  });
  const adoption = [...projects, ...others, ...lists];
  // The lists' reviewed names (data/momentum/product-aliases.yml): other names, and names whose
  // item is another product.
  const reviewed = aliases ?? (await readProductAliases());
  const listKey = (question: string, option: string) => `${question}\u0000${itemKey(option)}`;
  const otherNames = new Map(
    reviewed.aliases.map((a) => [listKey(a.question, a.option), a.landscape] as const),
  );
  const notThisItem = new Set(reviewed.unmatched.map((u) => listKey(u.question, u.option)));
  const github = await queryRows(conn, MOMENTUM_SQL);
  const snapshots = [...new Set(github.map((g) => String(g.snapshot)))].sort();
  const at = new Map(github.map((g) => [`${g.snapshot}\u0000${g.item_key}`, g]));
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const rows = adoption.map((a): MomentumAdoptionRow => {
    const snapshot = snapshotFor(snapshots, a.reference_date);
    // The survey's option, then the landscape's name for it (e.g. "Open Policy Agent (OPA)").
    const key = listKey(a.question, a.project);
    const keys = notThisItem.has(key)
      ? []
      : [a.project, a.landscape_name, ...(otherNames.get(key) ?? [])].flatMap((n) =>
          n ? [itemKey(n)] : [],
        );
    const g = snapshot
      ? keys.map((k) => at.get(`${snapshot}\u0000${k}`)).find((x) => x !== undefined)
      : undefined;
    return {
      question: a.question,
      project: a.project,
      year: a.year,
      reference_date: a.reference_date,
      note: a.note,
      n: a.n,
      production: a.production,
      production_share: a.production_share,
      production_low: a.production_low,
      production_high: a.production_high,
      evaluating: a.evaluating,
      evaluating_share: a.evaluating_share,
      evaluating_low: a.evaluating_low,
      evaluating_high: a.evaluating_high,
      github_snapshot: snapshot,
      repo_url: g ? String(g.repo_url) : null,
      stars: num(g?.stars),
      contributors: num(g?.contributors),
      commits_52w: num(g?.commits_52w),
    };
  });
  // Survey years in order; within one, most used in production first.
  const order = (q: ProductMatrix) => PRODUCT_MATRICES.indexOf(q);
  rows.sort(
    (a, b) =>
      order(a.question) - order(b.question) ||
      a.year - b.year ||
      b.production_share - a.production_share,
  );
  const correlations: RankCorrelation[] = [];
  for (const question of PRODUCT_MATRICES)
    for (const year of [
      ...new Set(rows.filter((r) => r.question === question).map((r) => r.year)),
    ].sort())
      for (const survey of ["production_share", "evaluating_share"] as const)
        for (const measure of ["stars", "contributors"] as const) {
          const pairs = rows.filter(
            (r) =>
              r.question === question &&
              r.year === year &&
              r[measure] !== null &&
              r[survey] !== null &&
              r.n > 0,
          );
          // Fewer than 4 products give no interval; a rho of 3 ranks says nothing.
          if (pairs.length < 4) continue;
          const rho = spearman(
            pairs.map((r) => r[survey]!),
            pairs.map((r) => r[measure]!),
          );
          const ci = rho === null ? null : fisherInterval(rho, pairs.length);
          correlations.push({
            year,
            question,
            survey_measure: survey,
            github_measure: measure,
            projects: pairs.length,
            rho,
            low: ci?.low ?? null,
            high: ci?.high ?? null,
          });
        }
  return { rows, correlations };
}
