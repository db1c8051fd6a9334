/**
 * The pairs query of a banner whose columns share respondents (a multi-select banner): for each
 * year, pair of columns and row, who is in both columns' bases and how many of them chose the
 * row — what the dependent-proportions test and interval need (significance.ts overlapZ,
 * newcombe.ts); weighted, also Σw and Σw² over who is in both and Σw of who of them chose (the
 * effective overlap, crosstab-assembly.ts effectiveOverlap). It ends crosstab.ts's counts query,
 * reusing its `base`, `valid` and `row_keys`.
 */
import type { CrosstabOverlapCount } from "./crosstab-result.ts";

export const PAIRS_SELECT = (valid: boolean, weighted = false) => `,
-- why: each respondent once per pair of columns they sit in (a < b: one row per unordered pair)
pairs AS (
  SELECT a.year, a.col AS col_a, b.col AS col_b, a.respondent${weighted ? ", a.w" : ""} FROM base a
  JOIN base b ON b.year = a.year AND b.respondent = a.respondent AND a.col < b.col
),
pair_n AS (
  SELECT year, col_a, col_b, count(*) AS n${weighted ? ", sum(w) AS w_n, sum(w * w) AS w_sq" : ""}
  FROM pairs GROUP BY ALL
),
${
  // why: only --valid reads it; unread, DuckDB still ran it
  valid
    ? `-- why: with --valid a matrix row's base is who rated that row with a substantive level
pair_row_n AS (
  SELECT p.year, p.col_a, p.col_b, v.option, count(DISTINCT p.respondent) AS n${
    // why: pairs are one row per respondent and valid one per respondent and option, so each
    // respondent's weight is summed once
    weighted ? ", sum(p.w) AS w_n, sum(p.w * p.w) AS w_sq" : ""
  }
  FROM pairs p JOIN valid v ON v.year = p.year AND v.respondent = p.respondent AND v.option IS NOT NULL
  GROUP BY ALL
),`
    : ""
}
-- why: both sides distinct, so count(*) is count(DISTINCT respondent) without its per-group hash
-- tables (1.2 M joined rows for a multi-select banner at 50×: 0.5 s of the query's 1.0 s)
pair_hits AS (
  SELECT p.year, p.col_a, p.col_b, a.option, a.value AS level, count(*) AS count${weighted ? ", sum(p.w) AS w_count" : ""}
  FROM (SELECT DISTINCT year, col_a, col_b, respondent${weighted ? ", w" : ""} FROM pairs) p
  -- why: answers_n: a net row is one more option (crosstab.ts)
  JOIN (SELECT DISTINCT year, respondent, option, value FROM answers_n WHERE question = $question) a
    ON a.year = p.year AND a.respondent = p.respondent
  GROUP BY ALL
)
SELECT n.year, n.col_a AS a, n.col_b AS b, r.option, r.level,
  ${valid ? "CASE WHEN r.level IS NULL THEN n.n ELSE coalesce(rn.n, 0) END" : "n.n"}::INTEGER AS n,
  coalesce(h.count, 0)::INTEGER AS count${
    weighted
      ? `,
  coalesce(${valid ? "CASE WHEN r.level IS NULL THEN n.w_n ELSE rn.w_n END" : "n.w_n"}, 0)::DOUBLE AS weighted_n,
  coalesce(${valid ? "CASE WHEN r.level IS NULL THEN n.w_sq ELSE rn.w_sq END" : "n.w_sq"}, 0)::DOUBLE AS weighted_sq,
  coalesce(h.w_count, 0)::DOUBLE AS weighted_count`
      : ""
  }
FROM pair_n n
JOIN row_keys r ON r.year = n.year
${valid ? "LEFT JOIN pair_row_n rn ON rn.year = n.year AND rn.col_a = n.col_a AND rn.col_b = n.col_b AND rn.option = r.option" : ""}
LEFT JOIN pair_hits h ON h.year = n.year AND h.col_a = n.col_a AND h.col_b = n.col_b
  AND h.option = r.option AND h.level IS NOT DISTINCT FROM r.level
-- why: one order every run (each pair and row is unique)
ORDER BY n.year, n.col_a, n.col_b, r.option, r.level NULLS FIRST`;

/** A row of the pairs query as finishCrosstab takes it. */
export const overlapCount = (r: Record<string, unknown>): CrosstabOverlapCount => ({
  year: Number(r.year),
  a: String(r.a),
  b: String(r.b),
  option: String(r.option),
  level: r.level === null ? null : String(r.level),
  n: Number(r.n),
  count: Number(r.count),
  ...(r.weighted_n !== undefined && {
    weighted_n: Number(r.weighted_n),
    weighted_sq: Number(r.weighted_sq),
    weighted_count: Number(r.weighted_count),
  }),
});
