/**
 * Who each response-quality check groups together: every published respondent once in its year's
 * whole sample (`all`), and — in a year with a paid panel (2022) — again in its part of the sample
 * (`community` or `panel`, `respondents.panel`); with `byRegion`, split further by the answer to
 * the `region` question of that year (each year's own regions: 2022 recut them).
 */

export interface QualityScope {
  /** Only this survey year (validated by the caller against the years in the database). */
  year?: number;
  /** Split every group by region. */
  byRegion?: boolean;
}

/** The label of respondents who did not answer the region question, when split by region. */
export const NO_REGION = "(no answer)";

/**
 * `groups(source, year, respondent, sample, region)`: one row per respondent and group it counts
 * in. The year is spliced as a number the caller checked, never as text.
 */
export function groupsCte({ year, byRegion = false }: QualityScope): string {
  if (year !== undefined && !Number.isInteger(year)) throw new Error(`not a year: ${year}`);
  const inYear = year === undefined ? "TRUE" : `r.year = ${year}`;
  return `
published AS (
  SELECT r.source, r.year, r.respondent, r.panel FROM respondents r
  WHERE r.excluded IS NULL AND ${inYear}
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
    ${byRegion ? `coalesce(g.region, '${NO_REGION}')` : "'all'"} AS region
  FROM parts p LEFT JOIN region_of g USING (source, respondent)
)`;
}

/** The order rows come out in: year, then all / community / panel, then region. */
export const GROUP_ORDER = `year, CASE sample WHEN 'all' THEN 0 WHEN 'community' THEN 1 ELSE 2 END, region`;
