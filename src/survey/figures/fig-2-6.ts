import type { FigureDefinition } from "../figure.ts";
import { K8S_USERS, K8S_USERS_DESCRIPTION, optionShareSql } from "../universes.ts";

export const fig26: FigureDefinition = {
  id: "fig-2-6",
  title: "Container challenges, by number of production clusters",
  description:
    "Share of Kubernetes users citing each container challenge, 1-5 vs more than 5 clusters",
  universe: K8S_USERS_DESCRIPTION,
  segments: "1-5 clusters, more than 5 clusters",
  book: "FIG 2.6",
  sql: optionShareSql({
    ctes: [
      K8S_USERS,
      `universe AS (SELECT year, respondent, cluster_group AS segment FROM k8s_users)`,
    ],
    question: "challenges",
  }),
  chart: { kind: "bars", sortBy: "1-5 clusters" },
  questions: ["k8s_clusters", "challenges"],
};
