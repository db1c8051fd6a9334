import type { FigureDefinition } from "../figure.ts";
import { ALL_K8S_USERS, K8S_USERS, K8S_USERS_DESCRIPTION, optionShareSql } from "../universes.ts";

export const fig27: FigureDefinition = {
  id: "fig-2-7",
  title: "Container management offerings",
  description:
    "Share of Kubernetes users managing containers with each offering (managed Kubernetes and more)",
  universe: K8S_USERS_DESCRIPTION,
  segments: "all",
  book: "FIG 2.7 (the book charts cloud providers' offerings used by at least 1%)",
  sql: optionShareSql({
    ctes: [K8S_USERS, ALL_K8S_USERS],
    question: "container_management",
  }),
  chart: { kind: "bars", sortBy: "all" },
  questions: ["k8s_clusters", "challenges", "container_management"],
};
