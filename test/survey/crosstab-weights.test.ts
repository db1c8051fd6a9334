import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeCrosstab } from "../../src/survey/crosstab.ts";
import { crosstabSpec, type CrosstabArgs } from "../../src/cli/commands/crosstab-spec.ts";
import { openDatabase, type Database } from "../../src/db/open.ts";
import { loadCodebook } from "../../src/ingest/codebook/codebook.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { crosstabCsv, crosstabTable } from "../../src/render/crosstab-output.ts";
import { fixture, fixtureSource } from "../support/fixtures.ts";

/**
 * A weighted cross-tab worked by hand. 2018, weights-2018.csv (100 respondents):
 *   <10 employees (A): 30 Europe, 6 chose Security; 10 North America, 8 chose Security.
 *   >5000 (B):         30 Europe, 12 chose Security; 30 North America, 24 chose Security.
 *   Everyone else chose Complexity (so all 100 answered the challenges question), and one North
 *   American of >5000 who chose Security chose Complexity too (challenges as a banner overlaps).
 * Targets half-region.yml: Europe 0.5, North America 0.5. Post-stratification on one variable:
 *   60 Europe → 50 of 100: w = 5/6; 40 North America → 50: w = 5/4 (mean 1, one pass).
 * Column A: n 40, Σw = 30·5/6 + 10·5/4 = 37.5, Σw² = 30·25/36 + 10·25/16 = 875/24,
 *   n_eff = 37.5² / (875/24) = 270/7 = 38.5714, design effect 40 / n_eff = 28/27 = 1.0370.
 *   Security: (6·5/6 + 8·5/4) / 37.5 = 15 / 37.5 = 40% (unweighted 14/40 = 35%).
 * Column B: n 60, Σw = 62.5, Σw² = 30·25/36 + 30·25/16 = 1625/24, n_eff = 750/13 = 57.6923,
 *   design effect 1.04. Security: (12·5/6 + 24·5/4) / 62.5 = 40/62.5 = 64% (unweighted 60%).
 * Test on n_eff: x_a = 0.4·270/7 = 15.4286, x_b = 0.64·750/13 = 36.9231, pooled p = 52.3516 /
 *   96.2637 = 0.54384; se = √(p(1−p)(7/270 + 13/750)) = 0.103596; z = (0.40 − 0.64)/se = −2.3167,
 *   p = 0.0205 < 0.05 (one pair): B is higher than A. (On the unweighted counts z = −2.4495.)
 * Newcombe on n_eff: Wilson A (15.4286 of 38.5714) = [0.26134, 0.55677], B (36.9231 of 57.6923) =
 *   [0.51101, 0.75151]; B − A = 0.24, L = 0.24 − √(0.12899² + 0.15677²) = 0.0370,
 *   U = 0.24 + √(0.11151² + 0.13866²) = 0.4179.
 */
let db: Database;
beforeAll(async () => {
  const years: Record<string, string[]> = {
    region: ["2018"],
    org_size: ["2018", "2019"],
    k8s_clusters: ["2018", "2019"],
    challenges: ["2018", "2019"],
  };
  const codebook = (await loadCodebook())
    .filter((q) => q.id in years)
    .map((q) => ({
      ...q,
      years: Object.fromEntries(Object.entries(q.years).filter(([y]) => years[q.id]!.includes(y))),
    }));
  const database = join(await mkdtemp(join(tmpdir(), "kc-weights-")), "census.duckdb");
  await ingest({
    sources: [
      fixtureSource("surveys/weights-2018.csv", 2018, "survey-2018"),
      fixtureSource("surveys/figures-2019.csv", 2019, "survey-2019"),
    ],
    rawDir: fixture(""),
    databasePath: database,
    questions: codebook,
    // why: the codebook is cut to the questions under test
    minCoverage: 0,
  });
  db = await openDatabase(database);
});
afterAll(() => db?.close());

const HALF = fixture("weights/half-region.yml");
const crosstab = async (question: string, args: Omit<CrosstabArgs, "question">) =>
  computeCrosstab(db.conn, await crosstabSpec(db.conn, { question, ...args }));
const failure = (question: string, args: Omit<CrosstabArgs, "question">) =>
  crosstab(question, args).then(
    () => ({ message: "no error", code: 0 }),
    (e: Error & { exitCode?: number }) => ({ message: e.message, code: e.exitCode }),
  );
const cell = (r: Awaited<ReturnType<typeof crosstab>>, option: string, column: string) =>
  r.rows.find((c) => c.option === option && c.column === column)!;

describe("a weighted cross-tab, worked by hand", () => {
  it("post-stratifies the year and weights the cells, bases, n_eff and design effect", async () => {
    const r = await crosstab("challenges", {
      by: "org_size",
      year: ["2018"],
      weight: HALF,
      weightBy: "region",
    });
    expect(r.weighting!.target).toBe(HALF);
    expect(r.weighting!.parts).toHaveLength(1);
    const part = r.weighting!.parts[0]!;
    expect(part).toMatchObject({ year: 2018, sample: "all", n: 100, passes: 1, converged: true });
    expect(part.weight_min).toBeCloseTo(5 / 6, 9);
    expect(part.weight_max).toBeCloseTo(5 / 4, 9);
    // The whole sample: Σw = 100, Σw² = 60·25/36 + 40·25/16 = 104.1667, n_eff = 96.
    expect(part.n_eff).toBeCloseTo(96, 6);

    const a = cell(r, "Security", "<10");
    const b = cell(r, "Security", ">5000");
    expect([a.n, a.count, b.n, b.count]).toEqual([40, 14, 60, 36]);
    expect(a.share).toBe(0.4);
    expect(b.share).toBe(0.64);
    expect(a.unweighted_share).toBe(0.35);
    expect(b.unweighted_share).toBe(0.6);
    expect(a.weighted_n).toBe(37.5);
    expect(b.weighted_n).toBe(62.5);
    expect(a.n_eff).toBeCloseTo(270 / 7, 4);
    expect(b.n_eff).toBeCloseTo(750 / 13, 4);
    expect(a.design_effect).toBeCloseTo(28 / 27, 4);
    expect(b.design_effect).toBeCloseTo(1.04, 4);
    // Wilson on n_eff, not on n (on 14 of 40 it would be 0.2206–0.5062).
    expect(a.ci_low).toBeCloseTo(0.26134, 4);
    expect(a.ci_high).toBeCloseTo(0.55677, 4);
    const [colA, colB] = r.columns;
    expect(colA).toMatchObject({ letter: "A", label: "<10", n: 40, weighted_n: 37.5 });
    expect(colB!.n_eff).toBeCloseTo(750 / 13, 4);
  });

  it("draws the letters and Newcombe's interval on n_eff", async () => {
    const r = await crosstab("challenges", {
      by: "org_size",
      year: ["2018"],
      weight: HALF,
      weightBy: "region",
    });
    expect(cell(r, "Security", ">5000").higher_than).toEqual(["A"]);
    expect(cell(r, "Complexity", "<10").higher_than).toEqual(["B"]);
    const d = r.differences.find((x) => x.option === "Security")!;
    expect([d.a, d.b]).toEqual(["A", "B"]);
    expect(d.difference).toBe(0.24);
    expect(d.z).toBeCloseTo(2.3167, 3);
    expect(d.p).toBeCloseTo(0.0205, 3);
    expect(d.ci_low).toBeCloseTo(0.037, 4);
    expect(d.ci_high).toBeCloseTo(0.4179, 4);
    expect(r.method).toMatch(/n_eff = \(Σw\)²\/Σw²/);
    expect(r.disclosure).toMatch(/weighting makes them match the targets/);
  });

  it("weights the whole sample, then filters: Europe keeps its weight 5/6", async () => {
    // Re-weighting Europe alone could not reach a half-North-America target at all; weighted
    // first, its 30 respondents per column carry Σw = 25 and n_eff = 30 (equal weights).
    const r = await crosstab("challenges", {
      by: "org_size",
      year: ["2018"],
      where: ["region=Europe"],
      weight: HALF,
      weightBy: "region",
    });
    const a = cell(r, "Security", "<10");
    expect([a.n, a.weighted_n, a.n_eff, a.share]).toEqual([30, 25, 30, 0.2]);
    expect(cell(r, "Security", ">5000").share).toBe(0.4);
    expect(r.weighting!.parts[0]!.n).toBe(100);
  });

  it("leaves the unweighted cross-tab as it was", async () => {
    const r = await crosstab("challenges", { by: "org_size", year: ["2018"] });
    const a = cell(r, "Security", "<10");
    expect([a.share, a.n_eff, a.weighted_n]).toEqual([0.35, undefined, undefined]);
    expect(r.weighting).toBeUndefined();
  });

  it("prints the weighting, Σw, n_eff and design effect in the table and the CSV", async () => {
    const r = await crosstab("challenges", {
      by: "org_size",
      year: ["2018"],
      weight: HALF,
      weightBy: "region",
    });
    const table = crosstabTable(r);
    expect(table).toMatch(/Weighted to .*half-region\.yml on region/);
    expect(table).toMatch(/2018: 100 respondents, converged in 1 pass\(es\); weights 0\.83–1\.25/);
    expect(table).toMatch(/2018 +Σw +37\.5 +62\.5/);
    expect(table).toMatch(/2018 +n_eff +38\.6 +57\.7/);
    expect(table).toMatch(/2018 +Security +40\.0% +64\.0% A/);
    const csv = crosstabCsv(r).split("\n");
    expect(csv[0]).toMatch(/,unweighted_share,weighted_n,weighted_sq,weighted_count,n_eff,/);
  });
});

describe("against an independent implementation (test/fixtures/stats/crosstab_weights.py)", () => {
  interface Expected {
    cells: Record<string, Record<string, number>>;
    differences: Record<string, Record<string, number>>;
  }
  const expected = JSON.parse(
    readFileSync(fixture("stats/crosstab-weights.json"), "utf8"),
  ) as Expected;

  it("gives every cell's counts, Σw, Σw², share, n_eff, design effect and interval", async () => {
    const r = await crosstab("challenges", {
      by: "org_size",
      year: ["2018"],
      weight: HALF,
      weightBy: "region",
    });
    for (const [key, e] of Object.entries(expected.cells)) {
      const [option, column] = key.split("|") as [string, string];
      const c = cell(r, option, column);
      expect([c.n, c.count], key).toEqual([e.n, e.count]);
      // why: the cells are rounded to 4 decimals as every cross-tab share is
      for (const field of [
        "weighted_n",
        "weighted_sq",
        "weighted_count",
        "share",
        "n_eff",
        "design_effect",
        "ci_low",
        "ci_high",
      ] as const)
        expect(c[field], `${key} ${field}`).toBeCloseTo(e[field]!, 4);
    }
    for (const [option, e] of Object.entries(expected.differences)) {
      const d = r.differences.find((x) => x.option === option)!;
      for (const field of ["difference", "z", "ci_low", "ci_high"] as const)
        expect(d[field], `${option} ${field}`).toBeCloseTo(e[field]!, 4);
      // why: p is kept to 4 significant digits
      expect(d.p / e.p!).toBeCloseTo(1, 3);
    }
  });
});

describe("a weighted multi-select banner (test/fixtures/stats/crosstab_weights_overlap.py)", () => {
  // Organization size by challenges: the Security and Complexity columns share one respondent
  // (North America, >5000, weight 5/4), so the pair gets the dependent-proportions test on the
  // columns' effective n and the shared part's effective overlap.
  const expected = JSON.parse(
    readFileSync(fixture("stats/crosstab-weights-overlap.json"), "utf8"),
  ) as {
    shared: number;
    rows: Record<string, Record<string, number> & { shares: Record<string, number> }>;
  };
  const banner = (weight: string) =>
    crosstab("org_size", { by: "challenges", year: ["2018"], weight, weightBy: "region" });

  it("tests the overlapping pair as the independent implementation does", async () => {
    const r = await banner(HALF);
    expect(expected.shared).toBe(1);
    expect(r.columns.map((c) => `${c.letter} ${c.label}`)).toEqual(["A Complexity", "B Security"]);
    for (const [size, e] of Object.entries(expected.rows)) {
      for (const column of ["Complexity", "Security"])
        expect(cell(r, size, column).share, `${size} ${column}`).toBeCloseTo(e.shares[column]!, 4);
      const d = r.differences.find((x) => x.option === size && x.a === "A" && x.b === "B");
      if (!d) throw new Error(`${size}: no A–B difference`);
      // the people shared, not the effective overlap the test ran on
      expect(d.overlap).toBe(1);
      expect(d.difference).toBeCloseTo(e.difference!, 4);
      expect(d.z).toBeCloseTo(e.z_b_vs_a!, 4);
      expect(d.p / e.p!).toBeCloseTo(1, 3);
      expect(d.ci_low).toBeCloseTo(e.ci_low!, 4);
      expect(d.ci_high).toBeCloseTo(e.ci_high!, 4);
    }
    // ±2.2047, not the ±2.1736 of the same shares taken as independent columns
    expect(Math.abs(r.differences.find((x) => x.option === ">5000")!.z)).toBeCloseTo(2.2047, 3);
    expect(r.method).toMatch(/Weighted, two columns sharing respondents are tested the same way/);
  });

  it("with every weight 1 gives the unweighted overlap test and interval exactly", async () => {
    const weighted = await banner(fixture("weights/sample-region.yml"));
    const plain = await crosstab("org_size", { by: "challenges", year: ["2018"] });
    expect(weighted.weighting!.parts[0]!.weight_min).toBeCloseTo(1, 12);
    expect(weighted.weighting!.parts[0]!.weight_max).toBeCloseTo(1, 12);
    const key = (d: { option: string; a: string; b: string }) => `${d.option}|${d.a}|${d.b}`;
    const overlapping = plain.differences.filter((d) => d.overlap > 0);
    expect(overlapping.length).toBeGreaterThan(0);
    expect(weighted.differences.map(key)).toEqual(plain.differences.map(key));
    for (const d of plain.differences) {
      const w = weighted.differences.find((x) => key(x) === key(d))!;
      expect([w.difference, w.ci_low, w.ci_high, w.z, w.significant, w.overlap]).toEqual([
        d.difference,
        d.ci_low,
        d.ci_high,
        d.z,
        d.significant,
        d.overlap,
      ]);
    }
  });
});

describe("what a cross-tab cannot weight is refused (exit 2), saying what to give", () => {
  it("a weighting variable a year lacks", async () => {
    // figures-2019.csv does not ask region.
    const f = await failure("challenges", { by: "org_size", weight: HALF, weightBy: "region" });
    expect(f.code).toBe(2);
    expect(f.message).toMatch(
      /--weight-by region: 2019 has no answers to region \(answered in 2018\): leave that year out with --year/,
    );
  });
  it("a target year with no respondents", async () => {
    const f = await failure("challenges", {
      by: "org_size",
      year: ["2018"],
      weight: "2021",
      weightBy: "region",
    });
    expect(f.code).toBe(2);
    expect(f.message).toMatch(/2021 has no survey, no respondents whose mix could be a target/);
  });
  it("a weighting variable that is not single-choice", async () => {
    const f = await failure("org_size", {
      by: "region",
      weight: "2018",
      weightBy: "challenges",
    });
    expect(f.code).toBe(2);
    expect(f.message).toMatch(/--weight-by challenges is a multi question/);
  });
  it("--weight-by or --trim without --weight", async () => {
    for (const extra of [{ weightBy: "region" }, { trim: "0.5,2" }]) {
      const f = await failure("challenges", { by: "org_size", ...extra });
      expect(f.code).toBe(2);
      expect(f.message).toMatch(/needs --weight <year\|file>/);
    }
  });
});
