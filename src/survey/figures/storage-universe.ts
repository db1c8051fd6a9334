/**
 * The universe fig-2-2 and fig-2-3 share — Kubernetes users who answered at least one row of the
 * storage matrix (or its Other/None box) — with what follows from it: the CTEs, the questions it
 * reads, its README line, and 2021's marginal of one storage level. One definition, so the two
 * storage figures cannot drift to different bases.
 */
import type { FigureDefinition, MarginalSpec } from "../figure.ts";
import { answered, K8S_USERS } from "../universes.ts";

export const STORAGE = {
  universe:
    "Kubernetes users who answered at least one row of the storage question (or its Other/None box)",
  /** The CTEs every storage figure starts from: k8s_users and answered_storage. */
  ctes: [K8S_USERS, answered("storage")],
  questions: ["k8s_clusters", "challenges", "storage"],
  readme: {
    years: "2018, 2019, 2020 (+2021 marginal, `all` only)",
    universe: "Kubernetes users who answered the storage question",
  } satisfies FigureDefinition["readme"],
  /** 2021's summary workbook: the whole sample's share at `level` (it has no storage-challenged cut). */
  marginal: (level: string): MarginalSpec[] => [
    { kind: "options", wave: 2, question: "storage", segment: "all", level },
  ],
};
