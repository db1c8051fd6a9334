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

/**
 * Filter questions every Kubernetes user passes: a production cluster means using Kubernetes and
 * containers. A list routed by one of them (1H 2020 asked the clusters question only of those who
 * said they use Kubernetes) was asked of every member, so that routing does not move the universe.
 */
export const K8S_USERS_PASS = ["k8s_yes_no", "containers_in_use", "k8s_use", "container_use"];

/**
 * What the Kubernetes-user universe holds constant: the filters every member passes, and the
 * questions whose substantive answers alone decide membership (a cluster count, a challenge).
 */
export const K8S_USERS_HOLDS = { passed: K8S_USERS_PASS, counted: ["k8s_clusters", "challenges"] };

/**
 * Respondents the routing detected in the data kept from a question (their answer to its filter
 * question is one whose respondents were not asked): a share is never on a base that holds them.
 * `questionSql` is a SQL expression: a quoted id spliced by a figure, `$question` bound by a cross-tab.
 */
export const routedAway = (questionSql: string) => `routed_away AS (
  SELECT a.year, a.respondent FROM question_routing r
  JOIN answers a ON a.year = r.year AND a.question = r.filter_question AND list_contains(r.skipped_options, a.option)
  WHERE r.question = ${questionSql}
)`;

/** The universe of a figure over every Kubernetes user, as one segment, "all". */
export const ALL_K8S_USERS = `universe AS (SELECT year, respondent, 'all' AS segment FROM k8s_users)`;

/** Every Kubernetes user who was asked the question (not routed away from it), as one segment. */
export const K8S_USERS_ASKED = (question: string) => `${routedAway(`'${question}'`)},
universe AS (
  SELECT year, respondent, 'all' AS segment FROM k8s_users
  WHERE (year, respondent) NOT IN (SELECT year, respondent FROM routed_away)
)`;

/** Respondents who answered at least one row (or the "Other or None" box) of a matrix question. */
export const answered = (question: string) => `answered_${question} AS (
  SELECT DISTINCT year, respondent FROM answers WHERE question = '${question}'
)`;

/**
 * Options each year's export offered for a question, in codebook order — from survey_offered
 * (its columns, code frame or the codebook's list), never from the answers given.
 */
export const offered = (question: string) => `offered AS (
  SELECT DISTINCT x.year, x.option AS category, o."order"
  FROM survey_offered x JOIN codebook_options o ON o.question = x.question AND o.option = x.option
  WHERE x.question = '${question}'
)`;

/**
 * Shares of a universe choosing each option of a question (at a matrix level, if given), with
 * every option the year offered listed, chosen or not. `universe` is a CTE yielding
 * (year, respondent, segment). `segments` is the figure's `segmentOrder` (required, so no figure
 * inherits an alphabetical order by accident); a segment it does not name goes last, by name.
 */
export function optionShareSql(opts: {
  ctes: string[];
  question: string;
  level?: string;
  segments: string[];
}): string {
  const level = opts.level ? `\n      AND a.value = '${opts.level}'` : "";
  for (const s of opts.segments)
    if (!/^[\w +<>().,-]+$/.test(s))
      throw new Error(`segment ${JSON.stringify(s)}: only plain labels are spliced into SQL`);
  const segments = `[${opts.segments.map((s) => `'${s}'`).join(", ")}]`;
  return `WITH ${[...opts.ctes, offered(opts.question)].join(",\n")},
-- why: n is the universe; those of it who left the question blank count as not choosing, so
-- each row says how many answered it
answered_question AS (SELECT DISTINCT year, respondent FROM answers WHERE question = '${opts.question}'),
seg_n AS (
  SELECT u.year, u.segment, count(*) AS n, count(q.respondent) AS answered
  FROM universe u LEFT JOIN answered_question q ON q.year = u.year AND q.respondent = u.respondent
  GROUP BY u.year, u.segment
),
hits AS (
  SELECT u.year, u.segment, a.option AS category, count(DISTINCT u.respondent) AS hits
  FROM universe u JOIN answers a ON a.year = u.year AND a.respondent = u.respondent
  WHERE a.question = '${opts.question}'${level}
  GROUP BY ALL
)
SELECT s.year, s.segment, o.category, s.n::INTEGER AS n, coalesce(h.hits, 0)::INTEGER AS count,
  s.answered::INTEGER AS answered
FROM seg_n s
JOIN offered o ON o.year = s.year
LEFT JOIN hits h ON h.year = s.year AND h.segment = s.segment AND h.category = o.category
-- why: the definition's segment order; list_position is NULL for an unnamed one, which goes last
ORDER BY s.year, list_position(${segments}, s.segment) NULLS LAST, s.segment, o."order", o.category`;
}
