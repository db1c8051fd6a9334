import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";

/**
 * Who each response-quality check groups together: every published respondent once in its year's
 * whole sample (`all`), and — in a year with a paid panel (2022) — again in its part of the sample
 * (`community` or `panel`, `respondents.panel`); with `byRegion`, split further by the answer to
 * the `region` question of that year (each year's own regions: 2022 recut them).
 */

export interface QualityScope {
  /** Only this survey year (checked by the caller against the years in the database). */
  year?: number;
  /** Split every group by region. */
  byRegion?: boolean;
}

/** The label of respondents who did not answer the region question, when split by region. */
export const NO_REGION = "(no answer)";

/**
 * `groups(source, year, respondent, sample, region)`: one row per respondent and group it counts
 * in. Takes `$year` (0 = every year) and `$by_region`: bind them with `groupParams`.
 */
export const GROUPS_CTE = `
published AS (
  SELECT r.source, r.year, r.respondent, r.panel FROM respondents r
  -- why: the published sample only, as every analysis counts it; 0 stands for every year
  WHERE r.excluded IS NULL AND ($year = 0 OR r.year = $year)
),
panel_years AS (SELECT DISTINCT year FROM respondents WHERE panel),
parts AS (
  SELECT source, year, respondent, 'all' AS sample FROM published
  UNION ALL
  -- why: a year with a paid panel is also read part by part, the comparison the issue asks for
  SELECT source, year, respondent, CASE WHEN panel THEN 'panel' ELSE 'community' END
  FROM published WHERE year IN (SELECT year FROM panel_years)
),
region_of AS (
  SELECT source, respondent, min(option) AS region FROM answers WHERE question = 'region' GROUP BY ALL
),
groups AS (
  SELECT p.source, p.year, p.respondent, p.sample,
    CASE WHEN $by_region THEN coalesce(g.region, '${NO_REGION}') ELSE 'all' END AS region
  FROM parts p LEFT JOIN region_of g USING (source, respondent)
)`;

/** The parameters GROUPS_CTE (and `$year` filters elsewhere) take. */
export const groupParams = ({ year, byRegion = false }: QualityScope) => ({
  year: year ?? 0,
  by_region: byRegion,
});

/** The order rows come out in: year, then all / community / panel, then region. */
export const GROUP_ORDER = `year, CASE sample WHEN 'all' THEN 0 WHEN 'community' THEN 1 ELSE 2 END, region`;

/**
 * Runs a grouped query and returns its rows in year, sample part, region order (then `then`),
 * each with its group read (`groupOf`), so every check reads the group one way.
 */
export const groupedRows = async (
  conn: DuckDBConnection,
  scope: QualityScope,
  sql: string,
  then?: string,
) =>
  (
    await queryRows(
      conn,
      `SELECT * FROM (${sql}) ORDER BY ${GROUP_ORDER}${then ? `, ${then}` : ""}`,
      groupParams(scope),
    )
  ).map((row) => ({ group: groupOf(row), row }));

/** count / n, or null for an empty base. */
export const share = (count: number, n: number) => (n > 0 ? count / n : null);
/** A DuckDB value as a JS number (counts come back as numbers or bigints). */
export const num = (v: unknown) => Number(v);

/** The group a grouped query's row belongs to: GROUPS_CTE's year, sample part and region. */
export interface QualityGroup {
  year: number;
  sample: string;
  region: string;
}

/** A grouped row's group, read the one way every check reads it (first in each row, in this order). */
const groupOf = (r: Record<string, unknown>): QualityGroup => ({
  year: num(r.year),
  sample: String(r.sample),
  region: String(r.region),
});
