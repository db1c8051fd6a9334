import { BOOK_YEAR, type FigureDefinition } from "../figure.ts";
import { answered, K8S_USERS, optionShareSql } from "../universes.ts";

/** All first, then the cut the book compares with it. */
const SEGMENTS = ["all", "storage challenged"];

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
    segments: SEGMENTS,
  }),
  chart: { kind: "bars", sortBy: "storage challenged" },
  questions: ["k8s_clusters", "challenges", "storage"],
  // 2021's summary has no storage-challenged cut: only the "all" column.
  marginal: [
    { kind: "options", wave: 2, question: "storage", segment: "all", level: "Evaluating" },
  ],
  segmentOrder: SEGMENTS,
  site: {
    defaultYear: BOOK_YEAR,
    page: "storage",
    lead: "Users who name storage as a challenge evaluate more storage projects than users overall.",
  },
  readme: {
    years: "2018, 2019, 2020 (+2021 marginal, `all` only)",
    universe: "Kubernetes users who answered the storage question",
  },
  golden: {
    fixture: "figures-2019",
    // Storage universe 1, 3, 6, 7 (n = 4): evaluating Rook 1, 6, 7 (3), Ceph none.
    // Storage-challenged: 1 and 7 (n = 2), both evaluating Rook.
    rows: [
      ["all", "Ceph", 4, 0],
      ["all", "Rook", 4, 3],
      ["storage challenged", "Ceph", 2, 0],
      ["storage challenged", "Rook", 2, 2],
    ],
  },
};
