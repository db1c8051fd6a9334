import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeCrosstab, overlapCounts, type CrosstabSpec } from "../../src/survey/crosstab.ts";
import {
  loadQuestions,
  matrixLevels,
  type CodebookQuestion,
} from "../../src/survey/crosstab-codebook.ts";
import { openDatabase, type Database } from "../../src/db/open.ts";
import { loadCodebook } from "../../src/ingest/codebook/codebook.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { runCli } from "../support/cli.ts";
import { fixture, fixtureSource } from "../support/fixtures.ts";

/**
 * Two tiny exports, every number below worked out by hand from their rows
 * (test/fixtures/surveys/README.md):
 *
 * 2018, crosstab-2018.csv (region, size, clusters, challenges):
 *   r1 Europe >5000 6-10 Security+Storage · r2 Europe 100-499 1 Security · r3 N. America >5000 2-5
 *   Complexity · r4 N. America 100-499 (no cluster count) Security · r5 Europe >5000 50+ (no
 *   challenge) · r6 Asia 100-499 2-5 Other box only · r7 Europe (no size) 11-20 Storage.
 *   Kubernetes users: r1, r2, r3, r6, r7 (r4 has no cluster count, r5 no challenge).
 * 2019, figures-2019.csv (as test/survey/figures.test.ts lists it): sizes 1 >5000, 2 100-499,
 *   3 1000-4999, 4 10-49, 5 >5000, 6 <10, 7 500-999, 8 1000-4999; challenges 1 Security+Storage,
 *   2 Security, 3 Networking, 5 Security, 6 Other box, 7 Storage+Service Mesh (4 and 8 none);
 *   Kubernetes users 1, 2, 3, 6, 7; Kubernetes in production 1, 3, 4, 7.
 *
 * Region is mapped for 2018 only, storage and the projects matrix for 2019 only, so "years that
 * asked both" differ by question.
 */
const YEARS: Record<string, string[]> = {
  region: ["2018"],
  org_size: ["2018", "2019"],
  k8s_clusters: ["2018", "2019"],
  challenges: ["2018", "2019"],
  storage: ["2019"],
  cncf_projects: ["2019"],
};

let database: string;
let db: Database;
let questions: Map<string, CodebookQuestion>;
beforeAll(async () => {
  const codebook = (await loadCodebook())
    .filter((q) => q.id in YEARS)
    .map((q) => ({
      ...q,
      years: Object.fromEntries(Object.entries(q.years).filter(([y]) => YEARS[q.id]!.includes(y))),
    }));
  database = join(await mkdtemp(join(tmpdir(), "kc-crosstab-")), "census.duckdb");
  await ingest({
    sources: [
      fixtureSource("surveys/crosstab-2018.csv", 2018, "survey-2018"),
      fixtureSource("surveys/figures-2019.csv", 2019, "survey-2019"),
    ],
    rawDir: fixture(""),
    databasePath: database,
    questions: codebook,
    // The fixture codebook maps only the questions under test: no coverage floor (data/surveys/coverage.yml).
    minCoverage: 0,
  });
  db = await openDatabase(database);
  questions = await loadQuestions(db.conn);
});
afterAll(() => db?.close());

const q = (id: string) => questions.get(id)!;
const crosstab = (spec: Partial<CrosstabSpec> & Pick<CrosstabSpec, "question" | "by" | "years">) =>
  computeCrosstab(db.conn, { universe: "respondents", filters: [], ...spec });
/** [year, column, option(, level), n, count] per cell, as the golden lists below write them. */
const cells = (r: Awaited<ReturnType<typeof crosstab>>) =>
  r.rows.map((c) =>
    c.level === null
      ? [c.year, c.column, c.option, c.n, c.count]
      : [c.year, c.column, c.option, c.level, c.n, c.count],
  );
/** One row of the golden lists: counts per column in letter order, all with the given bases. */
const row = (year: number, option: string, bases: [string, number][], counts: number[]) =>
  bases.map(([column, n], i) => [year, column, option, n, counts[i]]);

describe("crosstab on the hand-checked fixtures", () => {
  it("challenges by organization size, 2019, all respondents", async () => {
    const r = await crosstab({ question: q("challenges"), by: q("org_size"), years: [2019] });
    // 10-49 (respondent 4) answered no challenge: n = 0, no column. >5000 = 1 and 5; 1000-4999 = 3 (8 is blank).
    expect(r.columns).toEqual([
      { letter: "A", label: "<10", n: 1 },
      { letter: "B", label: "100-499", n: 1 },
      { letter: "C", label: "500-999", n: 1 },
      { letter: "D", label: "1000-4999", n: 1 },
      { letter: "E", label: ">5000", n: 2 },
    ]);
    const bases: [string, number][] = r.columns.map((c) => [c.label, c.n]);
    // Rows: the five options the 2019 export offers, in codebook order.
    expect(cells(r)).toEqual([
      ...row(2019, "Networking", bases, [0, 0, 0, 1, 0]),
      ...row(2019, "Security", bases, [0, 1, 0, 0, 2]),
      ...row(2019, "Storage", bases, [0, 0, 1, 0, 1]),
      ...row(2019, "Service Mesh", bases, [0, 0, 1, 0, 0]),
      ...row(2019, "Other (please specify)", bases, [1, 0, 0, 0, 0]),
    ]);
    expect(r.rows.every((c) => c.small_base && c.higher_than.length === 0)).toBe(true);
    expect(r.rows.find((c) => c.column === ">5000" && c.option === "Storage")).toMatchObject({
      letter: "E",
      share: 0.5,
    });
  });

  it("Kubernetes users, both years: each year's own columns and bases", async () => {
    const r = await crosstab({
      question: q("challenges"),
      by: q("org_size"),
      years: [2018, 2019],
      universe: "k8s-users",
    });
    expect(r.columns.map((c) => [c.letter, c.label, c.n])).toEqual([
      ["A", "<10", 1],
      ["B", "100-499", 3], // 2018: r2, r6 (r4 is no user); 2019: respondent 2
      ["C", "500-999", 1],
      ["D", "1000-4999", 1],
      ["E", ">5000", 3], // 2018: r1, r3 (r5 is no user); 2019: respondent 1
    ]);
    const in2018 = cells(r).filter((c) => c[0] === 2018);
    const bases: [string, number][] = [
      ["100-499", 2],
      [">5000", 2],
    ];
    expect(in2018).toEqual([
      ...row(2018, "Complexity", bases, [0, 1]),
      ...row(2018, "Security", bases, [1, 1]),
      ...row(2018, "Storage", bases, [0, 1]),
      ...row(2018, "Other (please specify)", bases, [1, 0]),
    ]);
    // 2019's >5000 column is respondent 1 alone (5 has no cluster count).
    expect(r.rows.filter((c) => c.year === 2019 && c.column === ">5000").map((c) => c.n)).toEqual([
      1, 1, 1, 1, 1,
    ]);
  });

  it("clusters by year: years are the columns, one row compares them", async () => {
    const r = await crosstab({
      question: q("k8s_clusters"),
      by: "year",
      years: [2018, 2019],
      universe: "k8s-users",
    });
    expect(r.columns).toEqual([
      { letter: "A", label: "2018", n: 5 },
      { letter: "B", label: "2019", n: 5 },
    ]);
    const counts = (option: string) =>
      r.rows.filter((c) => c.option === option).map((c) => [c.column, c.count]);
    expect(counts("2-5")).toEqual([
      ["2018", 2], // r3, r6
      ["2019", 1], // 6 (4 is no user)
    ]);
    expect(counts("50+")).toEqual([
      ["2018", 0], // r5 is no user
      ["2019", 1], // 3
    ]);
    // why: 2018 did not offer it (data/codebook/k8s_clusters.yml years.2018.offered): no 2018 cell
    expect(counts("I do not use Kubernetes")).toEqual([["2019", 0]]);
  });

  it("a matrix question: option × level rows, its Other box counted in n only", async () => {
    const levels = await matrixLevels("storage");
    const r = await crosstab({ question: q("storage"), by: q("org_size"), years: [2019], levels });
    // Storage answered by 1, 3 (Other or None box only), 4, 6, 7; 100-499 (2) left it blank.
    expect(r.columns.map((c) => [c.label, c.n])).toEqual([
      ["<10", 1],
      ["10-49", 1],
      ["500-999", 1],
      ["1000-4999", 1],
      [">5000", 1],
    ]);
    const byRow = new Map<string, number[]>();
    for (const c of r.rows)
      byRow.set(`${c.option} — ${c.level}`, [
        ...(byRow.get(`${c.option} — ${c.level}`) ?? []),
        c.count,
      ]);
    expect(Object.fromEntries(byRow)).toEqual({
      "Ceph — Using in production": [0, 1, 0, 0, 1], // 4, 1
      "Ceph — Evaluating": [0, 0, 0, 0, 0],
      "Ceph — N/A": [1, 0, 0, 0, 0], // 6
      "Rook — Using in production": [0, 0, 0, 0, 0],
      "Rook — Evaluating": [1, 0, 1, 0, 1], // 6, 7, 1
      "Rook — N/A": [0, 0, 0, 0, 0],
    });
  });

  it("filters are ANDed, a matrix filter at its level", async () => {
    const r = await crosstab({
      question: q("challenges"),
      by: q("org_size"),
      years: [2019],
      filters: [
        // Kubernetes in production: 1, 3, 4, 7; of them chose Storage: 1, 7.
        { question: "cncf_projects", option: "Kubernetes", level: "Using in production" },
        { question: "challenges", option: "Storage", level: null },
      ],
    });
    expect(r.columns.map((c) => [c.label, c.n])).toEqual([
      ["500-999", 1],
      [">5000", 1],
    ]);
    expect(r.rows.filter((c) => c.count > 0).map((c) => [c.column, c.option])).toEqual([
      [">5000", "Security"],
      ["500-999", "Storage"],
      [">5000", "Storage"],
      ["500-999", "Service Mesh"],
    ]);
  });

  it("a multi-select banner: each respondent once in each column they chose, and the pairs' overlaps", async () => {
    // 2019 challenges: 1 Security+Storage (>5000), 2 Security (100-499), 3 Networking
    // (1000-4999), 5 Security (>5000), 6 Other box (<10), 7 Storage+Service Mesh (500-999).
    const spec = { question: q("org_size"), by: q("challenges"), years: [2019] };
    const r = await crosstab(spec);
    const base = Object.fromEntries(r.columns.map((c) => [c.label, c.n]));
    // respondent 1 is in Security and Storage, 7 in Storage and Service Mesh: once in each
    expect(base).toMatchObject({
      Networking: 1,
      Security: 3,
      Storage: 2,
      "Service Mesh": 1,
      "Other (please specify)": 1,
    });
    const count = (column: string, option: string) =>
      r.rows.find((c) => c.column === column && c.option === option)!.count;
    expect([count("Security", ">5000"), count("Security", "100-499")]).toEqual([2, 1]);
    expect([count("Storage", ">5000"), count("Storage", "500-999")]).toEqual([1, 1]);
    // the pairs that share someone, and who of the shared chose each row
    const pairs = (await overlapCounts(db.conn, { universe: "respondents", filters: [], ...spec }))
      .filter((p) => p.count > 0)
      .map((p) => [p.a, p.b, p.option, p.n, p.count]);
    expect(pairs).toEqual([
      ["Security", "Storage", ">5000", 1, 1],
      ["Service Mesh", "Storage", "500-999", 1, 1],
    ]);
    // every base under 30: nothing tested, no difference
    expect(r.differences).toEqual([]);
  });
});

describe("bases: asked, answered, no answer, valid", () => {
  it("counts who reached the question, who answered it and who left it blank, by hand", async () => {
    const r = await crosstab({ question: q("k8s_clusters"), by: "year", years: [2018, 2019] });
    const base = (year: number) => {
      const c = r.rows.find((x) => x.year === year)!;
      return [c.asked, c.answered, c.no_answer, c.n];
    };
    // 2018: all 7 reached it (each answered it or the later challenges question); r4 left it blank.
    expect(base(2018)).toEqual([7, 6, 1, 6]);
    // 2019: 8 answered nothing after the size question, so never reached it; 1–7 answered it.
    expect(base(2019)).toEqual([7, 7, 0, 7]);
    expect(r.base.id).toBe("answered");
  });

  it("--valid leaves out who answered only 'I do not use Kubernetes', and drops that row", async () => {
    const r = await crosstab({
      question: q("k8s_clusters"),
      by: "year",
      years: [2019],
      valid: true,
    });
    const cells = r.rows.filter((c) => c.year === 2019);
    expect(cells[0]!.n).toBe(6); // respondent 5 answered "I do not use Kubernetes"
    expect(cells.map((c) => c.option)).not.toContain("I do not use Kubernetes");
    expect(r.base.id).toBe("valid");
  });

  it("--comparable keeps only rows offered in every year with no break between them", async () => {
    const all = await crosstab({ question: q("k8s_clusters"), by: "year", years: [2018, 2019] });
    expect(all.breaks.map((b) => [b.year, b.kind, b.option])).toEqual([[2019, "options", null]]);
    const kept = await crosstab({
      question: q("k8s_clusters"),
      by: "year",
      years: [2018, 2019],
      comparable: true,
    });
    // 2019 added "I do not use Kubernetes" to a single choice: every row of it is broken.
    expect(kept.rows).toEqual([]);
    // With --valid that change (a not-applicable answer only) is no break, so the counts stay.
    const valid = await crosstab({
      question: q("k8s_clusters"),
      by: "year",
      years: [2018, 2019],
      comparable: true,
      valid: true,
    });
    expect(new Set(valid.rows.map((c) => c.option))).toEqual(
      new Set(["1", "2-5", "6-10", "11-20", "21-50", "50+"]),
    );
    expect(valid.breaks).toEqual([]);
  });
});

describe("the crosstab command on the fixtures", () => {
  const run = (...args: string[]) => runCli(["crosstab", ...args], database);

  it("--where region=Europe keeps the one year that asked region", async () => {
    const { stdout } = await run(
      "challenges",
      "--by",
      "k8s_clusters",
      "--where",
      "region=Europe",
      "--format",
      "json",
    );
    const r = JSON.parse(stdout);
    // Europe 2018: r1, r2, r5, r7; r5 chose no challenge, so its 50+ column has n = 0 and is dropped.
    expect(r.years).toEqual([2018]);
    expect(r.filters).toEqual([{ question: "region", option: "Europe", level: null }]);
    expect(r.columns).toEqual([
      { letter: "A", label: "1", n: 1 },
      { letter: "B", label: "6-10", n: 1 },
      { letter: "C", label: "11-20", n: 1 },
    ]);
    expect(
      r.rows
        .filter((c: { count: number }) => c.count > 0)
        .map((c: { letter: string; option: string }) => c.letter + " " + c.option),
    ).toEqual(["A Security", "B Security", "B Storage", "C Storage"]);
  });

  it("explains a year the filter rules out", async () => {
    await expect(
      run("challenges", "--by", "org_size", "--where", "region=Europe", "--year", "2019"),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        "no year 2019 for this cross-tab (nobody answered region = Europe in 2019)",
      ),
    });
  });
});
