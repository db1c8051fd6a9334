import { BOOK_YEAR, type FigureDefinition } from "../figure.ts";
import { optionShareSql } from "../universes.ts";
import { STORAGE } from "./storage-universe.ts";

export const fig22: FigureDefinition = {
  id: "fig-2-2",
  title: "Cloud native storage used in production",
  description: "Share of Kubernetes users using each cloud native storage offering in production",
  universe: STORAGE.universe,
  segments: "all",
  book: "FIG 2.2",
  sql: optionShareSql({
    ctes: [
      ...STORAGE.ctes,
      `universe AS (SELECT year, respondent, 'all' AS segment FROM k8s_users JOIN answered_storage USING (year, respondent))`,
    ],
    question: "storage",
    level: "Using in production",
    segments: ["all"],
  }),
  chart: { kind: "bars", sortBy: "all" },
  questions: STORAGE.questions,
  marginal: STORAGE.marginal("Using in production"),
  site: { page: "storage", defaultYear: BOOK_YEAR },
  readme: STORAGE.readme,
  golden: {
    fixture: "figures-2019",
    // Storage universe: Kubernetes users 1, 3 (Other/None box only), 6, 7 — not 2, who left the
    // question blank: n = 4. A matrix's Other/None box has no level, so it is no category here.
    rows: [
      ["all", "Ceph", 4, 1],
      ["all", "Rook", 4, 0],
    ],
  },
};
