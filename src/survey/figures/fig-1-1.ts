import { BOOK_YEAR, type FigureDefinition } from "../figure.ts";
import { K8S_USERS, K8S_USERS_DESCRIPTION } from "../universes.ts";

export const fig11: FigureDefinition = {
  id: "fig-1-1",
  title: "Kubernetes users with more than 5 production clusters",
  description: "Share of Kubernetes users running more than 5 production clusters, by survey year",
  universe: K8S_USERS_DESCRIPTION,
  segments: "all Kubernetes users",
  book: "FIG 1.1",
  sql: `WITH ${K8S_USERS}
SELECT year, 'all' AS segment, 'more than 5 clusters' AS category,
       count(*)::INTEGER AS n,
       count(*) FILTER (WHERE cluster_group = 'more than 5 clusters')::INTEGER AS count
FROM k8s_users
GROUP BY year
ORDER BY year`,
  chart: { kind: "segments" },
  questions: ["k8s_clusters", "challenges"],
  marginal: [
    {
      kind: "sum",
      wave: 1,
      question: "k8s_clusters",
      segment: "all",
      category: "more than 5 clusters",
      count: ["6-10", "11-20", "21-50", "50+"],
      // why: a count of clusters, as the Kubernetes-user universe asks ("Don't know" is not one)
      base: ["1", "2-5", "6-10", "11-20", "21-50", "50+"],
    },
  ],
  site: { page: "deployment-size", overview: "fig11", defaultYear: BOOK_YEAR },
  readme: {
    years: "2018, 2019, 2020, 2022 (+2017 published, 2021 marginal)",
    universe: "Kubernetes users",
  },
  golden: {
    fixture: "figures-2019",
    // Kubernetes users are respondents 1, 2, 3, 6 and 7 (4 selected no challenge, 5 has no
    // cluster count): n = 5; 1, 3 and 7 have more than 5 clusters: count = 3.
    rows: [["all", "more than 5 clusters", 5, 3]],
  },
};
