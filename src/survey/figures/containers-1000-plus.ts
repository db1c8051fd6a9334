import { BOOK_YEAR, type FigureDefinition } from "../figure.ts";
import { K8S_USERS } from "../universes.ts";

export const containers1000Plus: FigureDefinition = {
  id: "containers-1000-plus",
  title: "1000 or more containers among users with more than 5 clusters",
  description:
    "Share of Kubernetes users with more than 5 clusters who typically run 1000+ containers",
  universe: "Kubernetes users with more than 5 production clusters",
  segments: "more than 5 clusters",
  book: "Chapter 1 text",
  sql: `WITH ${K8S_USERS},
containers AS (SELECT year, respondent, option FROM answers WHERE question = 'containers')
SELECT u.year, 'more than 5 clusters' AS segment, '1000+ containers' AS category,
       count(*)::INTEGER AS n,
       -- why: 1000+ is the survey's two top buckets together
       count(*) FILTER (WHERE c.option IN ('1000-4999', '>5000'))::INTEGER AS count
FROM k8s_users u LEFT JOIN containers c ON c.year = u.year AND c.respondent = u.respondent
WHERE u.cluster_group = 'more than 5 clusters'
GROUP BY u.year
ORDER BY u.year`,
  chart: { kind: "segments" },
  questions: ["k8s_clusters", "challenges", "containers"],
  site: {
    defaultYear: BOOK_YEAR,
    page: "deployment-size",
    overview: "containers",
    lead: `Many clusters usually means many containers: among users with more than five clusters, the share
that typically runs 1,000 containers or more.`,
  },
  readme: {
    years: "2018, 2019, 2020, 2022 (+2017)",
    universe: "Kubernetes users with more than 5 clusters",
  },
  golden: {
    fixture: "figures-2019",
    // More than 5 clusters: 1, 3, 7 (n = 3); 1 (1000-4999), 3 (>5000) and 7 (1000-4999) all run
    // 1000+ containers: count = 3.
    rows: [["more than 5 clusters", "1000+ containers", 3, 3]],
  },
};
