import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { computeFigure } from "../../src/survey/compute.ts";
import type { FigureGolden } from "../../src/survey/figure.ts";
import { fig26 } from "../../src/survey/figures/fig-2-6.ts";
import { figures } from "../../src/survey/registry.ts";
import { K8S_USERS, optionShareSql } from "../../src/survey/universes.ts";
import { openDatabase } from "../../src/db/open.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { fixtureDatabase } from "../support/databases.ts";
import { fixture, fixtureSource } from "../support/fixtures.ts";

// Each figure's golden rows live with its definition (`golden`, src/survey/figures/*.ts), worked
// out by hand from the fixture's respondents (test/fixtures/surveys/README.md for figures-2019.csv,
// test/fixtures/kubernetes-use-2022/README.md, the CSV's own codes for coded-2022.csv), with the
// arithmetic in a comment there.

/** The year each fixture holds: every computed row of a figure on it is that year's. */
const FIXTURE_YEAR: Record<FigureGolden["fixture"], number> = {
  "figures-2019": 2019,
  "coded-2022": 2022,
  "kubernetes-use-2022": 2022,
};

const databases: Partial<Record<FigureGolden["fixture"], string>> = {
  // figures-2019.csv ingested with the questions the figures read, beside three landscape
  // snapshots that no figure reads (test/support/fixture-database.ts).
  "figures-2019": fixtureDatabase,
};

/** A coded 2022 fixture through the real ingest, as test/ingest/survey-2022.test.ts builds one. */
async function coded2022(csv: string, codebookDir: string, framePath: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kc-figures-2022-"));
  const path = join(dir, "census.duckdb");
  await ingest({
    sources: [{ ...fixtureSource(csv, 2022, "survey-2022"), id: "fixture-2022", frame: framePath }],
    rawDir: fixture(""),
    databasePath: path,
    codebookDir,
    // coded-2022.csv holds a few deliberate issues in very few cells; the fixture codebooks map
    // only the questions the figures read.
    maxIssueRate: 1,
    minCoverage: 0,
    log: () => {},
  });
  return path;
}

beforeAll(async () => {
  databases["coded-2022"] = await coded2022(
    "coded-2022/coded-2022.csv",
    fixture("codebook-2022"),
    fixture("coded-2022/frame.yml"),
  );
  databases["kubernetes-use-2022"] = await coded2022(
    "kubernetes-use-2022/kubernetes-use-2022.csv",
    fixture("kubernetes-use-2022/codebook"),
    fixture("kubernetes-use-2022/frame.yml"),
  );
});

const key = (g: unknown[]) => JSON.stringify(g);

describe("figures on the hand-checked fixtures", () => {
  it.each(figures.map((f) => [f.id, f] as const))("%s", async (_id, figure) => {
    const { fixture: name, rows: golden } = figure.golden;
    const db = await openDatabase(databases[name]!);
    try {
      const result = await computeFigure(db.conn, figure);
      const computed = result.rows.filter((r) => r.source === "computed");
      expect(computed.every((r) => r.year === FIXTURE_YEAR[name])).toBe(true);
      const got = computed.map((r) => [r.segment, r.category, r.n, r.count]);
      expect(new Set(got.map(key))).toEqual(new Set(golden.map(key)));
      expect(got).toHaveLength(golden.length);
      // Segments come in the definition's order (the shared SQL helpers read it), whatever
      // their names' alphabetical order.
      if (figure.segmentOrder) {
        const segments = [...new Set(computed.map((r) => r.segment))];
        expect(segments).toEqual(figure.segmentOrder.filter((s) => segments.includes(s)));
      }
      for (const r of computed) {
        expect(r.share).toBeCloseTo(r.count! / r.n!, 4);
        expect(r.ci_low!).toBeLessThanOrEqual(r.share);
        expect(r.ci_high!).toBeGreaterThanOrEqual(r.share);
      }
    } finally {
      db.close();
    }
  });

  it("every figure has a non-empty golden", () => {
    expect(figures.filter((f) => f.golden.rows.length === 0).map((f) => f.id)).toEqual([]);
  });

  it("the shared helper orders segments as the definition says, not alphabetically", async () => {
    // fig-2-6 with its two cluster groups the other way round: "more than 5 clusters" sorts after
    // "1-5 clusters" by name, so only the definition's order can put it first.
    const segmentOrder = ["more than 5 clusters", "1-5 clusters"];
    const reversed = {
      ...fig26,
      segmentOrder,
      sql: optionShareSql({
        ctes: [
          K8S_USERS,
          `universe AS (SELECT year, respondent, cluster_group AS segment FROM k8s_users)`,
        ],
        question: "challenges",
        segments: segmentOrder,
      }),
    };
    const db = await openDatabase(fixtureDatabase);
    try {
      const rows = (await computeFigure(db.conn, reversed)).rows.filter(
        (r) => r.source === "computed",
      );
      expect([...new Set(rows.map((r) => r.segment))]).toEqual(segmentOrder);
      // The first five rows are the 3 users with more than 5 clusters (1, 3, 7).
      expect(rows.slice(0, 5).map((r) => r.n)).toEqual([3, 3, 3, 3, 3]);
    } finally {
      db.close();
    }
  });

  it("refuses a segment label that is not plain text before splicing it into SQL", () => {
    expect(() =>
      optionShareSql({ ctes: [], question: "challenges", segments: ["a'); DROP"] }),
    ).toThrow(/segment "a'\); DROP": only plain labels are spliced into SQL/);
  });
});
