import { BOOK_YEAR, type FigureDefinition } from "../figure.ts";
import { optionShareSql } from "../universes.ts";
import { STORAGE } from "./storage-universe.ts";

/** All first, then the cut the book compares with it. */
const SEGMENTS = ["all", "storage challenged"];

export const fig23: FigureDefinition = {
  id: "fig-2-3",
  title: "Storage projects being evaluated: storage-challenged users against all",
  description:
    "Share evaluating each storage offering, among users citing storage as a challenge vs all",
  universe: STORAGE.universe,
  segments: "storage challenged (cited Storage as a container challenge), all",
  book: "FIG 2.3",
  sql: optionShareSql({
    ctes: [
      ...STORAGE.ctes,
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
  questions: STORAGE.questions,
  // 2021's summary has no storage-challenged cut: only the "all" column.
  marginal: STORAGE.marginal("Evaluating"),
  segmentOrder: SEGMENTS,
  site: {
    defaultYear: BOOK_YEAR,
    page: "storage",
    lead: "Users who name storage as a challenge evaluate more storage projects than users overall.",
  },
  readme: STORAGE.readme,
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
