import type { FigureDefinition } from "../figure.ts";
import { ALL_K8S_USERS, K8S_USERS, K8S_USERS_DESCRIPTION, optionShareSql } from "../universes.ts";

export const fig24: FigureDefinition = {
  id: "fig-2-4",
  title: "Kubernetes ingress providers",
  description: "Share of Kubernetes users using each ingress provider",
  universe: K8S_USERS_DESCRIPTION,
  segments: "all",
  book: "FIG 2.4",
  sql: optionShareSql({
    ctes: [K8S_USERS, ALL_K8S_USERS],
    question: "ingress",
  }),
  chart: { kind: "bars", sortBy: "all" },
  questions: ["k8s_clusters", "challenges", "ingress"],
  marginal: [{ kind: "options", wave: 2, question: "ingress", segment: "all" }],
};
