import type { FigureDefinition } from "../figure.ts";
import { answered, K8S_USERS, optionShareSql } from "../universes.ts";

export const fig22: FigureDefinition = {
  id: "fig-2-2",
  title: "Cloud native storage used in production",
  description: "Share of Kubernetes users using each cloud native storage offering in production",
  universe:
    "Kubernetes users who answered at least one row of the storage question (or its Other/None box)",
  segments: "all",
  book: "FIG 2.2",
  sql: optionShareSql({
    ctes: [
      K8S_USERS,
      answered("storage"),
      `universe AS (SELECT year, respondent, 'all' AS segment FROM k8s_users JOIN answered_storage USING (year, respondent))`,
    ],
    question: "storage",
    level: "Using in production",
  }),
  chart: { kind: "bars", sortBy: "all" },
  questions: ["k8s_clusters", "challenges", "storage"],
  marginal: [
    { kind: "options", wave: 2, question: "storage", segment: "all", level: "Using in production" },
  ],
};
