import { BOOK_YEAR, type FigureDefinition } from "../figure.ts";
import { optionShareSql } from "../universes.ts";
import {
  STORAGE_CTES,
  STORAGE_QUESTIONS,
  STORAGE_README,
  STORAGE_UNIVERSE,
  storageMarginal,
} from "./storage-universe.ts";

export const fig22: FigureDefinition = {
  id: "fig-2-2",
  title: "Cloud native storage used in production",
  description: "Share of Kubernetes users using each cloud native storage offering in production",
  universe: STORAGE_UNIVERSE,
  segments: "all",
  book: "FIG 2.2",
  sql: optionShareSql({
    ctes: [
      ...STORAGE_CTES,
      `universe AS (SELECT year, respondent, 'all' AS segment FROM k8s_users JOIN answered_storage USING (year, respondent))`,
    ],
    question: "storage",
    level: "Using in production",
    segments: ["all"],
  }),
  chart: { kind: "bars", sortBy: "all" },
  questions: STORAGE_QUESTIONS,
  marginal: storageMarginal("Using in production"),
  site: { page: "storage", defaultYear: BOOK_YEAR },
  readme: STORAGE_README,
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
