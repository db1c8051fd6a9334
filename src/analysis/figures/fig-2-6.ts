import type { FigureDefinition } from "../figure.ts";
import { K8S_USERS, optionShareSql } from "../universes.ts";

export const fig26: FigureDefinition = {
  id: "fig-2-6",
  title: "Container challenges, by number of production clusters",
  description:
    "Share of Kubernetes users citing each container challenge, 1-5 vs more than 5 clusters",
  universe:
    "Kubernetes users: at least one production cluster and at least one container challenge selected",
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
};
