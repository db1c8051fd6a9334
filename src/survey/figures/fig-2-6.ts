import { BOOK_YEAR, type FigureDefinition } from "../figure.ts";
import { K8S_USERS, K8S_USERS_DESCRIPTION, optionShareSql } from "../universes.ts";

/** The book's two cluster groups, smaller first. */
const SEGMENTS = ["1-5 clusters", "more than 5 clusters"];

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
    segments: SEGMENTS,
  }),
  chart: { kind: "bars", sortBy: "1-5 clusters" },
  questions: ["k8s_clusters", "challenges"],
  segmentOrder: SEGMENTS,
  site: { page: "challenges", overview: "fig26", defaultYear: BOOK_YEAR },
  readme: { years: "2018, 2019, 2020, 2022", universe: "Kubernetes users, by cluster group" },
  golden: {
    fixture: "figures-2019",
    // 1-5 clusters: Kubernetes users 2 and 6 (n = 2); more than 5: 1, 3, 7 (n = 3); counts are
    // their challenge picks (test/fixtures/surveys/README.md).
    rows: [
      ["1-5 clusters", "Networking", 2, 0],
      ["1-5 clusters", "Security", 2, 1],
      ["1-5 clusters", "Storage", 2, 0],
      ["1-5 clusters", "Service Mesh", 2, 0],
      ["1-5 clusters", "Other (please specify)", 2, 1],
      ["more than 5 clusters", "Networking", 3, 1],
      ["more than 5 clusters", "Security", 3, 1],
      ["more than 5 clusters", "Storage", 3, 2],
      ["more than 5 clusters", "Service Mesh", 3, 1],
      ["more than 5 clusters", "Other (please specify)", 3, 0],
    ],
  },
};
