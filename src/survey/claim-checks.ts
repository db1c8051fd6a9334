import { K8S_USERS, answered } from "./universes.ts";

/**
 * Claims that are not a row of a figure: each a definition in words and a query returning one
 * `value`, plus the nearest alternative definitions tried, so the scorecard can show how far a
 * printed number is from each reading — without picking the one that happens to match. A share's
 * query also returns `count` and `n`, so the scorecard can show its base and 95% interval.
 */
export interface ClaimDefinition {
  definition: string;
  sql: string;
}
export interface ClaimCheck extends ClaimDefinition {
  alternatives?: ClaimDefinition[];
}

const STORAGE_BASE = `${K8S_USERS}, ${answered("storage")},
base AS (SELECT year, respondent FROM k8s_users JOIN answered_storage USING (year, respondent) WHERE year = 2019)`;
const MESH_BASE = `${K8S_USERS}, ${answered("service_mesh")},
base AS (SELECT year, respondent FROM k8s_users JOIN answered_service_mesh USING (year, respondent) WHERE year = 2019)`;
const K8S_2019 = `${K8S_USERS}, base AS (SELECT year, respondent FROM k8s_users WHERE year = 2019)`;

/** Share of `base` respondents (restricted by `among`) who gave `answer`; both are SQL conditions on answers. */
const shareOf = (ctes: string, answer: string, among = "TRUE") => `WITH ${ctes},
pop AS (SELECT * FROM base WHERE ${among === "TRUE" ? "TRUE" : `(year, respondent) IN (SELECT year, respondent FROM answers WHERE ${among})`})
SELECT avg(CASE WHEN (year, respondent) IN (SELECT year, respondent FROM answers WHERE ${answer}) THEN 1 ELSE 0 END) AS value,
       sum(CASE WHEN (year, respondent) IN (SELECT year, respondent FROM answers WHERE ${answer}) THEN 1 ELSE 0 END)::INTEGER AS count,
       count(*)::INTEGER AS n
FROM pop`;

const challenge = (option: string) => `question = 'challenges' AND option = '${option}'`;
const level = (q: string, option: string, value: string) =>
  `question = '${q}' AND option = '${option}' AND value = '${value}'`;
const usingOrEvaluating = (q: string, option: string) =>
  `question = '${q}' AND option = '${option}' AND value IN ('Using in production', 'Evaluating')`;

/** Mean number of ingress providers chosen (not counting "None"), among those who chose one. */
const ingressMean = (
  among: string,
  denominator: "choosers" | "everyone",
  countOther: boolean,
) => `WITH ${K8S_2019},
pop AS (SELECT * FROM base WHERE ${among === "TRUE" ? "TRUE" : `(year, respondent) IN (SELECT year, respondent FROM answers WHERE ${among})`}),
chosen AS (
  SELECT p.respondent, count(a.option) FILTER (WHERE a.option <> 'None'${countOther ? "" : " AND a.option <> 'Other (please specify)'"}) AS k
  FROM pop p LEFT JOIN answers a ON a.year = p.year AND a.respondent = p.respondent AND a.question = 'ingress'
  GROUP BY p.respondent
)
SELECT avg(k) AS value, count(*)::INTEGER AS n FROM chosen ${denominator === "choosers" ? "WHERE k > 0" : ""}`;

const meshRank = `WITH ${MESH_BASE},
shares AS (
  SELECT a.option, count(DISTINCT b.respondent) AS users
  FROM base b JOIN answers a ON a.year = b.year AND a.respondent = b.respondent
  WHERE a.question = 'service_mesh' AND a.value IN ('Using in production', 'Evaluating') AND a.option NOT IN ('None', 'Other (please specify)')
  GROUP BY a.option
)
SELECT rank AS value FROM (SELECT option, rank() OVER (ORDER BY users DESC) AS rank FROM shares) WHERE option = 'Netflix OSS Zuul'`;

/**
 * The share of a question's universe citing `name` as a challenge, with the same share among all
 * 2019 Kubernetes users as the alternative: the book does not say which base it took.
 */
const challengedShare = (definition: string, base: string, name: string): ClaimCheck => ({
  definition,
  sql: shareOf(base, challenge(name)),
  alternatives: [
    { definition: "all 2019 Kubernetes users (n=1197)", sql: shareOf(K8S_2019, challenge(name)) },
  ],
});

const STORAGE_CHALLENGED = challengedShare(
  "2019 Kubernetes users who answered the storage question (n=1149): share citing Storage as a container challenge",
  STORAGE_BASE,
  "Storage",
);

export const claimChecks: Record<string, ClaimCheck> = {
  "fig-1-2-average-2019": {
    definition:
      "All 2019 Kubernetes users (n=1197): share with more than 5 production clusters (the study average of FIG 1.2)",
    sql: `WITH ${K8S_2019} SELECT avg(CASE WHEN cluster_group = 'more than 5 clusters' THEN 1 ELSE 0 END) AS value,
  sum(CASE WHEN cluster_group = 'more than 5 clusters' THEN 1 ELSE 0 END)::INTEGER AS count, count(*)::INTEGER AS n
FROM base JOIN k8s_users USING (year, respondent)`,
  },
  "storage-challenged-share": STORAGE_CHALLENGED,
  // The book prints the same share twice, as 26.6% and, rounded, 27%.
  "storage-challenged-average": STORAGE_CHALLENGED,
  "storage-challenged-pure-storage-users": {
    definition:
      "Storage universe (n=1149), users of Pure Storage in production: share citing Storage as a challenge",
    sql: shareOf(
      STORAGE_BASE,
      challenge("Storage"),
      level("storage", "Pure Storage", "Using in production"),
    ),
    alternatives: [
      {
        definition: "Pure Storage in production or evaluating",
        sql: shareOf(
          STORAGE_BASE,
          challenge("Storage"),
          usingOrEvaluating("storage", "Pure Storage"),
        ),
      },
      {
        definition: "Pure Storage evaluating",
        sql: shareOf(
          STORAGE_BASE,
          challenge("Storage"),
          level("storage", "Pure Storage", "Evaluating"),
        ),
      },
    ],
  },
  "storage-gluster-users-use-ceph": {
    definition:
      "Storage universe (n=1149), Gluster in production: share also using Ceph in production",
    sql: shareOf(
      STORAGE_BASE,
      level("storage", "Ceph", "Using in production"),
      level("storage", "Gluster", "Using in production"),
    ),
    alternatives: [
      {
        definition: "Gluster and Ceph each in production or evaluating",
        sql: shareOf(
          STORAGE_BASE,
          usingOrEvaluating("storage", "Ceph"),
          usingOrEvaluating("storage", "Gluster"),
        ),
      },
      {
        definition: "Gluster in production, Ceph in production or evaluating",
        sql: shareOf(
          STORAGE_BASE,
          usingOrEvaluating("storage", "Ceph"),
          level("storage", "Gluster", "Using in production"),
        ),
      },
    ],
  },
  "mesh-challenged-share": challengedShare(
    "2019 Kubernetes users who answered the service mesh question (n=1082): share citing Service Mesh as a challenge",
    MESH_BASE,
    "Service Mesh",
  ),
  "mesh-challenged-zuul-users": {
    definition:
      "Service mesh universe (n=1082), Netflix OSS Zuul in production: share citing Service Mesh as a challenge",
    sql: shareOf(
      MESH_BASE,
      challenge("Service Mesh"),
      level("service_mesh", "Netflix OSS Zuul", "Using in production"),
    ),
    alternatives: [
      {
        definition: "Zuul in production or evaluating",
        sql: shareOf(
          MESH_BASE,
          challenge("Service Mesh"),
          usingOrEvaluating("service_mesh", "Netflix OSS Zuul"),
        ),
      },
      {
        definition: "Zuul evaluating",
        sql: shareOf(
          MESH_BASE,
          challenge("Service Mesh"),
          level("service_mesh", "Netflix OSS Zuul", "Evaluating"),
        ),
      },
    ],
  },
  "mesh-zuul-fourth": {
    definition:
      "Rank of Netflix OSS Zuul among service meshes by users in production or evaluating (service mesh universe)",
    sql: meshRank,
  },
  "networking-challenged-share": {
    definition: "All 2019 Kubernetes users (n=1197): share citing Networking as a challenge",
    sql: shareOf(K8S_2019, challenge("Networking")),
  },
  "ingress-mean-all": {
    definition:
      "2019 Kubernetes users who chose an ingress provider: mean number chosen (not counting None or Other)",
    sql: ingressMean("TRUE", "choosers", false),
    alternatives: [
      { definition: "counting Other as a provider", sql: ingressMean("TRUE", "choosers", true) },
      {
        definition: "over all 2019 Kubernetes users (none chosen counts 0)",
        sql: ingressMean("TRUE", "everyone", false),
      },
    ],
  },
  "ingress-mean-networking-challenged": {
    definition:
      "2019 Kubernetes users citing Networking as a challenge who chose an ingress provider: mean number chosen (not counting None or Other)",
    sql: ingressMean(challenge("Networking"), "choosers", false),
    alternatives: [
      {
        definition: "counting Other as a provider",
        sql: ingressMean(challenge("Networking"), "choosers", true),
      },
      {
        definition: "over all networking-challenged users (none chosen counts 0)",
        sql: ingressMean(challenge("Networking"), "everyone", false),
      },
    ],
  },
  "respondents-2018": {
    definition: "Respondents in the 2018 export",
    sql: `SELECT respondents AS value FROM survey_sources WHERE year = 2018`,
  },
  "respondents-2019": {
    definition: "Respondents in the 2019 export",
    sql: `SELECT respondents AS value FROM survey_sources WHERE year = 2019`,
  },
};
