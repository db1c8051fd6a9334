import { describe, expect, it } from "vitest";
import { computeFigure } from "../../src/survey/compute.ts";
import type { MarginalSpec } from "../../src/survey/figure.ts";
import { marginalBase, marginalSpecOf } from "../../src/survey/marginal-spec.ts";
import { figures } from "../../src/survey/registry.ts";
import { openDatabase } from "../../src/db/open.ts";
import { noRealData, realDatabase } from "../support/databases.ts";

// Two specs of one figure, as kubernetes-use and fig-2-5 have them: a sum by region, and options.
const inProduction: MarginalSpec = {
  kind: "sum",
  wave: 1,
  question: "k8s_use",
  segment: "all",
  category: "in production",
  count: ["Yes, in production"],
  byRegion: true,
};
const evaluating: MarginalSpec = {
  kind: "options",
  wave: 2,
  question: "service_mesh",
  segment: "evaluating",
  level: "Evaluating",
};

describe("which 2021 summary spec a marginal row comes from", () => {
  it("matches a sum by its category (any region), options by their segment", () => {
    const specs = [inProduction, evaluating];
    expect(marginalSpecOf(specs, { segment: "all", category: "in production" })).toBe(inProduction);
    expect(marginalSpecOf(specs, { segment: "Africa", category: "in production" })).toBe(
      inProduction,
    );
    expect(marginalSpecOf(specs, { segment: "evaluating", category: "Consul" })).toBe(evaluating);
    expect(marginalSpecOf(specs, { segment: "all", category: "using or evaluating" })).toBe(
      undefined,
    );
    expect(marginalSpecOf(undefined, { segment: "all", category: "x" })).toBe(undefined);
  });

  it("says who the base counts: a matrix row, some answers, or everyone who answered", () => {
    expect(marginalBase({ ...inProduction, item: "Kubernetes" }).long).toMatch(/Kubernetes row/);
    expect(marginalBase({ ...inProduction, base: ["1", "2-5"] }).long).toMatch(/one of 1, 2-5$/);
    expect(marginalBase(evaluating)).toEqual({
      short: "answered",
      long: "everyone who answered this question",
    });
  });

  it.skipIf(noRealData)(
    "finds, for every 2021 row of every figure, the spec whose wave its note names",
    async () => {
      const db = await openDatabase(realDatabase);
      try {
        let checked = 0;
        for (const figure of figures) {
          const { rows } = await computeFigure(db.conn, figure);
          for (const row of rows.filter((r) => r.source === "marginal")) {
            const matching = (figure.marginal ?? []).filter(
              (s) => marginalSpecOf([s], row) !== undefined,
            );
            expect(matching, `${figure.id} ${row.segment} ${row.category}`).toHaveLength(1);
            // The row's own note (written by marginal-rows.ts from the SQL's wave) names the same wave.
            expect(row.notes.at(-1)!.text).toContain(`2021 wave ${matching[0]!.wave}`);
            checked++;
          }
        }
        expect(checked).toBeGreaterThan(50);
      } finally {
        db.close();
      }
    },
  );
});
