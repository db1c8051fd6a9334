/**
 * The universes the book's figures count in, as SQL CTEs over `answers`. Spliced into figure
 * queries as constants (no user input), so every figure shows the whole SQL behind it.
 */

/** The Kubernetes-user universe in words, as every figure counting it states it. */
export const K8S_USERS_DESCRIPTION =
  "Kubernetes users: at least one production cluster and at least one container challenge selected";

/** Kubernetes users: at least one production cluster, and at least one container challenge selected. */
export const K8S_USERS = `k8s_users AS (
  SELECT year, respondent, any_value(option) AS clusters,
         -- why: the book's two cluster groups, 1-5 and more than 5 production clusters
         CASE WHEN any_value(option) IN ('1', '2-5') THEN '1-5 clusters' ELSE 'more than 5 clusters' END AS cluster_group
  FROM answers
  WHERE question = 'k8s_clusters'
    -- why: a count of clusters, not "I do not use Kubernetes" / "Don't know"
    AND option IN ('1', '2-5', '6-10', '11-20', '21-50', '50+')
    -- why: the book's n (1475 in 2018, 1197 in 2019) also requires a challenge answer ("Other" counts)
    AND (year, respondent) IN (SELECT year, respondent FROM answers WHERE question = 'challenges')
  GROUP BY year, respondent
)`;

/** The universe of a figure over every Kubernetes user, as one segment, "all". */
export const ALL_K8S_USERS = `universe AS (SELECT year, respondent, 'all' AS segment FROM k8s_users)`;

/** Respondents who answered at least one row (or the "Other or None" box) of a matrix question. */
export const answered = (question: string) => `answered_${question} AS (
  SELECT DISTINCT year, respondent FROM answers WHERE question = '${question}'
)`;

/**
 * Options each year's export offered for a question, in codebook order: an option column's own
 * option, or (a single choice held in one column) every answer someone gave that year.
 */
export const offered = (question: string) => `offered AS (
  SELECT DISTINCT x.year, x.category, o."order"
  FROM (
    SELECT year, option_id AS category FROM survey_columns WHERE question_id = '${question}'
    UNION
    -- why: main.answers, not a sample's shadowing CTE: what was offered, not what this part chose
    SELECT year, option FROM main.answers WHERE question = '${question}'
  ) x JOIN codebook_options o ON o.question = '${question}' AND o.option = x.category
)`;

/**
 * Shares of a universe choosing each option of a question (at a matrix level, if given), with
 * every option the year offered listed, chosen or not. `universe` is a CTE yielding
 * (year, respondent, segment).
 */
export function optionShareSql(opts: { ctes: string[]; question: string; level?: string }): string {
  const level = opts.level ? `\n      AND a.value = '${opts.level}'` : "";
  return `WITH ${[...opts.ctes, offered(opts.question)].join(",\n")},
seg_n AS (SELECT year, segment, count(*) AS n FROM universe GROUP BY year, segment),
hits AS (
  SELECT u.year, u.segment, a.option AS category, count(DISTINCT u.respondent) AS hits
  FROM universe u JOIN answers a ON a.year = u.year AND a.respondent = u.respondent
  WHERE a.question = '${opts.question}'${level}
  GROUP BY ALL
)
SELECT s.year, s.segment, o.category, s.n::INTEGER AS n, coalesce(h.hits, 0)::INTEGER AS count
FROM seg_n s
JOIN offered o ON o.year = s.year
LEFT JOIN hits h ON h.year = s.year AND h.segment = s.segment AND h.category = o.category
ORDER BY s.year, s.segment, o."order", o.category`;
}
