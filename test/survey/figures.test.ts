import { describe, expect, it } from "vitest";
import { computeFigure } from "../../src/survey/compute.ts";
import { figures } from "../../src/survey/registry.ts";
import { openDatabase } from "../../src/db/open.ts";
import { fixtureDatabase } from "../support/databases.ts";

/**
 * Golden rows for every figure on figures-2019.csv, worked out by hand from its eight respondents
 * (see test/fixtures/surveys/README.md): [segment, category, n, count].
 * Kubernetes users are respondents 1, 2, 3, 6 and 7 (4 selected no challenge, 5 has no cluster
 * count); 1, 3 and 7 have more than 5 clusters.
 */
const GOLDEN: Record<string, [string, string, number, number][]> = {
  // Asked from 2021 (marginals) and 2022 on: no 2019 rows; test/ingest/survey-2022.test.ts checks them.
  "kubernetes-use": [],
  "container-use": [],
  "fig-1-1": [["all", "more than 5 clusters", 5, 3]],
  // 1 (1000-4999), 3 (>5000) and 7 (1000-4999) all run 1000+ containers.
  "containers-1000-plus": [["more than 5 clusters", "1000+ containers", 3, 3]],
  "fig-1-2": [
    ["<10", "more than 5 clusters", 1, 0],
    ["100-499", "more than 5 clusters", 1, 0],
    ["500-999", "more than 5 clusters", 1, 1],
    ["1000-4999", "more than 5 clusters", 1, 1],
    [">5000", "more than 5 clusters", 1, 1],
    ["1000+", "more than 5 clusters", 2, 2],
  ],
  // Storage universe: 1, 3 (Other/None box only), 6, 7 — not 2, who left the question blank.
  // A matrix's Other/None box has no level, so it is no category of the matrix figures.
  "fig-2-2": [
    ["all", "Ceph", 4, 1],
    ["all", "Rook", 4, 0],
  ],
  // Evaluating Rook: 1, 6, 7; storage-challenged: 1 and 7.
  "fig-2-3": [
    ["all", "Ceph", 4, 0],
    ["all", "Rook", 4, 3],
    ["storage challenged", "Ceph", 2, 0],
    ["storage challenged", "Rook", 2, 2],
  ],
  "fig-2-4": [
    ["all", "Envoy", 5, 2],
    ["all", "NGINX", 5, 2],
    ["all", "None", 5, 1],
    ["all", "Other (please specify)", 5, 1],
  ],
  // Service mesh universe: 1, 2, 6 (Other/None box), 7 — not 3.
  "fig-2-5": [
    ["using in production", "Istio", 4, 1],
    ["using in production", "Linkerd", 4, 1],
    ["evaluating", "Istio", 4, 1],
    ["evaluating", "Linkerd", 4, 1],
  ],
  "fig-2-6": [
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
  "fig-2-7": [
    ["all", "Amazon Elastic Container Service for Kubernetes (EKS)", 5, 3],
    ["all", "Google Kubernetes Engine (GKE)", 5, 2],
    ["all", "Other (please specify)", 5, 0],
  ],
  // Everyone but 8 answered the Kubernetes row; 1, 3, 4 and 7 use it in production.
  "adoption-kubernetes": [["all", "Kubernetes in production", 7, 4]],
};

// The fixture database (test/support/fixture-database.ts) is figures-2019.csv ingested with the
// questions the figures read, beside three landscape snapshots that no figure reads.
const database = fixtureDatabase;

describe("figures on the hand-checked fixture", () => {
  it.each(figures.map((f) => [f.id, f] as const))("%s", async (id, figure) => {
    const db = await openDatabase(database);
    try {
      const result = await computeFigure(db.conn, figure);
      const computed = result.rows.filter((r) => r.source === "computed");
      expect(computed.every((r) => r.year === 2019)).toBe(true);
      const got = computed.map((r) => [r.segment, r.category, r.n, r.count]);
      expect(new Set(got.map((g) => JSON.stringify(g)))).toEqual(
        new Set(GOLDEN[id]!.map((g) => JSON.stringify(g))),
      );
      expect(got).toHaveLength(GOLDEN[id]!.length);
      for (const r of computed) {
        expect(r.share).toBeCloseTo(r.count! / r.n!, 4);
        expect(r.ci_low!).toBeLessThanOrEqual(r.share);
        expect(r.ci_high!).toBeGreaterThanOrEqual(r.share);
      }
    } finally {
      db.close();
    }
  });
});
