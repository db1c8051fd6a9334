import { BOOK_YEAR, type FigureDefinition } from "../figure.ts";
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
    segments: ["all"],
  }),
  chart: { kind: "bars", sortBy: "all" },
  questions: ["k8s_clusters", "challenges", "container_management"],
  site: { page: "managed-kubernetes", overview: "fig27", defaultYear: BOOK_YEAR },
  readme: { years: "2018, 2019", universe: "Kubernetes users" },
  golden: {
    fixture: "figures-2019",
    // Kubernetes users 1, 2, 3, 6, 7 (n = 5): EKS 3, GKE 2, Other 0.
    rows: [
      ["all", "Amazon Elastic Container Service for Kubernetes (EKS)", 5, 3],
      ["all", "Google Kubernetes Engine (GKE)", 5, 2],
      ["all", "Other (please specify)", 5, 0],
    ],
  },
};
