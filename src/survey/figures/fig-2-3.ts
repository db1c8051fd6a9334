import type { FigureDefinition } from "../figure.ts";
import { answered, K8S_USERS, optionShareSql } from "../universes.ts";

export const fig23: FigureDefinition = {
  id: "fig-2-3",
  title: "Storage projects being evaluated: storage-challenged users against all",
  description:
    "Share evaluating each storage offering, among users citing storage as a challenge vs all",
  universe:
    "Kubernetes users who answered at least one row of the storage question (or its Other/None box)",
  segments: "storage challenged (cited Storage as a container challenge), all",
  book: "FIG 2.3",
  sql: optionShareSql({
    ctes: [
      K8S_USERS,
      answered("storage"),
      `base AS (SELECT year, respondent FROM k8s_users JOIN answered_storage USING (year, respondent))`,
      `universe AS (
  SELECT year, respondent, 'all' AS segment FROM base
  UNION ALL
  -- why: the book compares users who cite storage as a challenge with everyone
  SELECT year, respondent, 'storage challenged' FROM base
  WHERE (year, respondent) IN (SELECT year, respondent FROM answers WHERE question = 'challenges' AND option = 'Storage')
)`,
    ],
    question: "storage",
    level: "Evaluating",
  }),
  chart: { kind: "bars", sortBy: "storage challenged" },
  questions: ["k8s_clusters", "challenges", "storage"],
  // 2021's summary has no storage-challenged cut: only the "all" column.
  marginal: [
    { kind: "options", wave: 2, question: "storage", segment: "all", level: "Evaluating" },
  ],
};
