import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeCrosstab } from "../../src/survey/crosstab.ts";
import { assembleCrosstab } from "../../src/survey/crosstab-assembly.ts";
import { netBreaks, splitMembers } from "../../src/survey/crosstab-nets.ts";
import { crosstabSpec, type CrosstabArgs } from "../../src/cli/commands/crosstab-spec.ts";
import { openDatabase, type Database } from "../../src/db/open.ts";
import { loadCodebook } from "../../src/ingest/codebook/codebook.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { runCli } from "../support/cli.ts";
import { fixture, fixtureSource } from "../support/fixtures.ts";

/**
 * Nets and the richer --where, every number worked out by hand from the rows.
 *
 * 2018, nets-2018.csv (region, size, clusters, challenges):
 *   r1 Europe >5000 6-10 Security+Storage · r2 Europe 1000-4999 50+ Security ·
 *   r3 North America >5000 1 Complexity+Security+Storage · r4 North America 100-499 2-5 Storage ·
 *   r5 Asia 1000-4999 11-20 (no challenge) · r6 Europe 100-499 21-50 Complexity ·
 *   r7 Asia <10 (no cluster count) Security · r8 North America (no size) 2-5 Other box.
 *   Answered challenges: everyone but r5 (7). Security: r1 r2 r3 r7 (4); Storage: r1 r3 r4 (3).
 * 2019, figures-2019.csv (test/survey/crosstab.test.ts lists it): storage answered by 1, 3 (its
 *   Other or None box only), 4, 6, 7; Ceph: 1 and 4 in production, 6 N/A; Rook: 1, 6, 7 evaluating.
 */
const YEARS: Record<string, string[]> = {
  region: ["2018"],
  org_size: ["2018", "2019"],
  k8s_clusters: ["2018", "2019"],
  challenges: ["2018", "2019"],
  storage: ["2019"],
};

let db: Database;
let database: string;
beforeAll(async () => {
  const codebook = (await loadCodebook())
    .filter((q) => q.id in YEARS)
    .map((q) => ({
      ...q,
      years: Object.fromEntries(Object.entries(q.years).filter(([y]) => YEARS[q.id]!.includes(y))),
    }));
  database = join(await mkdtemp(join(tmpdir(), "kc-nets-")), "census.duckdb");
  await ingest({
    sources: [
      fixtureSource("surveys/nets-2018.csv", 2018, "survey-2018"),
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

/** The cross-tab as the CLI builds it: the command line checked, then counted. */
const crosstab = async (question: string, args: Omit<CrosstabArgs, "question">) =>
  computeCrosstab(db.conn, await crosstabSpec(db.conn, { question, ...args }));
/** [column, option, n, count] of the rows named. */
const cells = (r: Awaited<ReturnType<typeof crosstab>>, ...options: string[]) =>
  r.rows.filter((c) => options.includes(c.option)).map((c) => [c.column, c.option, c.n, c.count]);
const failure = (question: string, args: Omit<CrosstabArgs, "question">) =>
  crosstab(question, args).then(
    () => "no error",
    (e: Error) => e.message,
  );

describe("a net as a row", () => {
  it("counts a respondent once on a multi-select question, on the question's base", async () => {
    const r = await crosstab("challenges", {
      by: "region",
      net: ["Security or Storage=Security,Storage"],
    });
    // Europe r1 r2 r6 (3 answered): net r1 r2 · North America r3 r4 r8: net r3 r4 · Asia r7 (r5
    // chose none): net r7. Security + Storage would be 4 + 3 = 7; the net is 5 (r1, r3 chose both).
    expect(cells(r, "Security", "Storage", "Security or Storage")).toEqual([
      ["Europe", "Security", 3, 2],
      ["North America", "Security", 3, 1],
      ["Asia", "Security", 1, 1],
      ["Europe", "Storage", 3, 1],
      ["North America", "Storage", 3, 2],
      ["Asia", "Storage", 1, 0],
      ["Europe", "Security or Storage", 3, 2],
      ["North America", "Security or Storage", 3, 2],
      ["Asia", "Security or Storage", 1, 1],
    ]);
    expect(r.nets).toEqual([
      {
        question: "challenges",
        name: "Security or Storage",
        over: "options",
        members: ["Security", "Storage"],
        source: "user",
      },
    ]);
  });

  it("takes members split by | or by commas, a label's own comma kept", async () => {
    const r = await crosstab("k8s_clusters", {
      by: "year",
      year: ["2018"],
      // "|" and "," lists; the standard net by name, case-insensitive
      net: ["small=1|2-5", "big=6-10,11-20,21-50,50+", ">5 CLUSTERS"],
    });
    // Answered clusters: all but r7 (7). 1: r3; 2-5: r4 r8; 6-10 r1, 11-20 r5, 21-50 r6, 50+ r2.
    expect(cells(r, "small", "big", ">5 clusters")).toEqual([
      ["2018", "small", 7, 3],
      ["2018", "big", 7, 4],
      ["2018", ">5 clusters", 7, 4],
    ]);
    // why: splitMembers joins comma pieces back into a label ("5,000-19,999" is one option)
    const sizes = await crosstab("org_size", {
      by: "year",
      year: ["2018"],
      net: ["large=1000-4999,5,000-19,999"],
    });
    expect(sizes.nets![0]!.members).toEqual(["1000-4999", "5,000-19,999"]);
  });

  it("a box of a matrix scale is one more level of each row", async () => {
    const r = await crosstab("storage", { by: "year", nets: true });
    const box = r.rows.filter((c) => c.level === "using or evaluating");
    // Ceph: 1, 4 in production · Rook: 1, 6, 7 evaluating; base: 1, 3, 4, 6, 7.
    expect(box.map((c) => [c.option, c.n, c.count])).toEqual([
      ["Ceph", 5, 2],
      ["Rook", 5, 3],
    ]);
  });

  it("says where a year did not offer all of a net's members (a break between the years)", async () => {
    // 2018 did not offer "I do not use Kubernetes" (the codebook's years.2018.offered); 2019 did.
    const r = await crosstab("k8s_clusters", {
      by: "year",
      net: ["one or none=1,I do not use Kubernetes"],
    });
    const net = r.rows.filter((c) => c.option === "one or none");
    expect(net.map((c) => [c.column, c.count])).toEqual([
      ["2018", 1], // r3
      ["2019", 2], // figures-2019: 2 chose 1, 5 "I do not use Kubernetes"
    ]);
    const mine = r.breaks.find((b) => b.kind === "net");
    expect(mine).toMatchObject({ year: 2019, option: "one or none", role: "row" });
    expect(mine!.text).toContain(
      "2018 did not offer I do not use Kubernetes; 2019 offered all of them",
    );
    // why: the bases are under 30, so no pair is tested; the cell still names the break
    expect(net[1]!.breaks).toContain(mine!.number);
  });
});

describe("a net as a banner column", () => {
  it("is a column of its own, not tested against the columns it shares respondents with", async () => {
    const r = await crosstab("challenges", {
      by: "org_size",
      year: ["2018"],
      net: ["org_size:1000+ employees"],
    });
    // <10 r7 · 100-499 r4 r6 · 1000-4999 r2 (r5 chose none) · >5000 r1 r3 · 1000+ r1 r2 r3 (r5).
    expect(r.columns.map((c) => [c.letter, c.label, c.n])).toEqual([
      ["A", "<10", 1],
      ["B", "100-499", 2],
      ["C", "1000-4999", 1],
      ["D", ">5000", 2],
      ["E", "1000+ employees", 3],
    ]);
    expect(cells(r, "Security").map((c) => c[3])).toEqual([1, 0, 1, 2, 3]);
    expect(r.tests.overlapping).toBe(0); // every base is under 30: nothing is tested
  });
});

describe("--where", () => {
  const security = async (...where: string[]) =>
    cells(await crosstab("challenges", { by: "year", year: ["2018"], where }), "Security")[0];

  it("OR within a question, NOT, answered, a net by name, ANDed", async () => {
    // Europe|Asia: r1 r2 r6 r5 r7 → answered challenges r1 r2 r6 r7 (4), Security r1 r2 r7.
    expect(await security("region=Europe|Asia")).toEqual(["2018", "Security", 4, 3]);
    // not Europe: r3 r4 r5 r7 r8 → answered r3 r4 r7 r8, Security r3 r7.
    expect(await security("!region=Europe")).toEqual(["2018", "Security", 4, 2]);
    // answered clusters: all but r7 → answered challenges r1 r2 r3 r4 r6 r8, Security r1 r2 r3.
    expect(await security("answered:k8s_clusters")).toEqual(["2018", "Security", 6, 3]);
    expect(await security("!answered:k8s_clusters")).toEqual(["2018", "Security", 1, 1]);
    // the standard net: 6-10 r1, 50+ r2, 11-20 r5, 21-50 r6 → answered r1 r2 r6, Security r1 r2.
    expect(await security("k8s_clusters=>5 clusters")).toEqual(["2018", "Security", 3, 2]);
    // NOT keeps who did not answer the question (r7): r3 r4 r7 r8, Security r3 r7.
    expect(await security("!k8s_clusters=>5 clusters")).toEqual(["2018", "Security", 4, 2]);
    // ANDed: Europe or North America, and not more than 5 clusters: r3 r4 r8, Security r3.
    expect(await security("region=Europe|North America", "!k8s_clusters=>5 clusters")).toEqual([
      "2018",
      "Security",
      3,
      1,
    ]);
    // a --net defined on a filter question, used by name
    expect(
      cells(
        await crosstab("challenges", {
          by: "year",
          year: ["2018"],
          net: ["region:Old World=Europe,Asia"],
          where: ["region=old world"],
        }),
        "Security",
      )[0],
    ).toEqual(["2018", "Security", 4, 3]);
    // no year without a paid panel is shut out by NOT panel
    expect(await security("!panel")).toEqual(["2018", "Security", 7, 4]);
  });

  it("words each filter", async () => {
    const r = await crosstab("challenges", {
      by: "year",
      year: ["2018"],
      where: ["region=europe|Asia", "!k8s_clusters=>5 clusters", "answered:org_size"],
    });
    expect(r.filters).toEqual([
      { question: "region", option: "Europe|Asia", level: null, options: ["Europe", "Asia"] },
      {
        question: "k8s_clusters",
        option: ">5 clusters",
        level: null,
        options: ["6-10", "11-20", "21-50", "50+"],
        not: true,
      },
      {
        question: "org_size",
        option: "answered",
        level: null,
        options: [],
        kind: "answered",
      },
    ]);
    const { stdout } = await runCli(
      [
        "crosstab",
        "challenges",
        "--by",
        "year",
        "--year",
        "2018",
        "--where",
        "!k8s_clusters=>5 clusters",
      ],
      database,
    );
    expect(stdout).toContain(
      "Where: not (k8s_clusters = >5 clusters (any of 6-10, 11-20, 21-50, 50+))",
    );
  });
});

describe("the provenance sidecar", () => {
  it("keeps the filters as given, names no question for panel, and defines each net", async () => {
    const file = join(database, "..", "nets.provenance.json");
    await runCli(
      [
        "crosstab",
        "challenges",
        "--by",
        "year",
        "--year",
        "2018",
        "--net",
        "sec=Security,Storage",
        "--where",
        "!panel",
        "--where",
        "answered:k8s_clusters",
        "--format",
        "csv",
        "--provenance",
        file,
      ],
      database,
    );
    const p = JSON.parse(await readFile(file, "utf8")) as {
      questions: { id: string }[];
      filters: unknown[];
      notes: string[];
    };
    expect(p.questions.map((q) => q.id)).toEqual(["challenges", "k8s_clusters"]);
    expect(p.filters).toHaveLength(2);
    expect(p.notes).toContain(
      'Net "sec" (challenges): any of Security, Storage; a respondent counts once.',
    );
  });
});

describe("errors that say what is wrong", () => {
  it("an unknown member names it and lists the question's options", async () => {
    const message = await failure("org_size", { by: "year", net: [">5=6-10,11-20,21-50,50+"] });
    expect(message).toMatch(/^unknown option of org_size in --net ">5": 6-10\. Did you mean/);
    expect(message).toContain("Valid: <10, 10 or less, 10-49");
  });

  it("refuses a net named like an option, an unknown standard net, a net on an unused question", async () => {
    expect(await failure("k8s_clusters", { by: "year", net: ["2-5=1"] })).toContain(
      '"2-5" is already one of k8s_clusters\'s options',
    );
    expect(await failure("k8s_clusters", { by: "year", net: ["lots"] })).toContain(
      'k8s_clusters has no standard net "lots" (its standard nets: 1-5 clusters, >5 clusters)',
    );
    expect(await failure("challenges", { by: "year", net: ["region:eu=Europe"] })).toContain(
      "is on region, which this cross-tab does not use",
    );
  });

  it("an unknown --where option lists options and nets; a bad form shows the syntax", async () => {
    expect(
      await failure("challenges", { by: "year", where: ["k8s_clusters=>6 clusters"] }),
    ).toContain(
      "Valid: 1, 2-5, 6-10, 11-20, 21-50, 50+, I do not use Kubernetes, Don't know, 1-5 clusters (net), >5 clusters (net)",
    );
    expect(await failure("challenges", { by: "year", where: ["!"] })).toContain(
      "answered:question, panel, and ! before any of them for NOT",
    );
    // a paid panel exists in no year here
    expect(await failure("challenges", { by: "year", where: ["panel"] })).toContain(
      "no paid panel",
    );
  });
});

describe("overlapping banner columns (pure)", () => {
  it("tests a net column only against the columns it shares no respondent with", () => {
    // Columns A, B (members of net N) and C (outside it); every base 100, well above 30.
    const counts = [
      ["A", 20],
      ["B", 60],
      ["C", 40],
      ["N", 80],
    ].map(([column, count]) => ({
      year: 2019,
      column: column as string,
      option: "x",
      level: null,
      n: 100,
      count: count as number,
    }));
    const members: Record<string, string[]> = { N: ["A", "B"] };
    const group = (c: string) => members[c] ?? [c];
    const t = assembleCrosstab(counts, {
      columns: ["A", "B", "C", "N"],
      options: ["x"],
      byYear: false,
      overlaps: (a, b) => group(a).some((m) => group(b).includes(m)),
    });
    // 6 pairs: A–N and B–N overlap; A–B, A–C, B–C, C–N are tested.
    expect(t.tests.run).toBe(4);
    expect(t.tests.overlapping).toBe(2);
    expect(t.tests.not_comparable).toBe(0);
    const cell = (c: string) => t.rows.find((r) => r.column === c)!;
    expect(cell("N").overlapping).toEqual(["A", "B"]);
    expect(cell("A").overlapping).toEqual(["D"]);
    expect(cell("C").overlapping).toEqual([]);
    // N is lettered D. 80% vs 40% (N vs C) is far beyond chance; 80% vs 60% (N vs B) is never tested.
    expect(cell("N").higher_than).toEqual(["C"]);
  });
});

describe("member lists and a net's breaks (pure)", () => {
  const labels = ["Yes, in production", "Yes", "No", "5,000-19,999"];
  const find = (l: string) => labels.find((x) => x.toLowerCase() === l.toLowerCase());
  it("joins comma pieces into the longest label, and names the piece no label starts", () => {
    expect(splitMembers("Yes, in production,no", find)).toEqual({
      members: ["Yes, in production", "No"],
    });
    expect(splitMembers("yes,5,000-19,999", find)).toEqual({ members: ["Yes", "5,000-19,999"] });
    expect(splitMembers("Yes|Maybe", find)).toEqual({ unknown: "Maybe" });
    expect(splitMembers("No, never", find)).toEqual({ unknown: "never" });
  });

  it("adds a break where the members offered change between years shown", () => {
    const net = {
      question: "q",
      name: "n",
      over: "options" as const,
      members: ["a", "b"],
      source: "user" as const,
      offered: { 2018: ["a"], 2019: ["a", "b"], 2020: ["a", "b"] },
    };
    expect(netBreaks(net, [2018, 2019, 2020]).map((b) => [b.previous_year, b.year])).toEqual([
      [2018, 2019],
    ]);
    expect(netBreaks({ ...net, over: "levels" }, [2018, 2019])).toEqual([]);
  });
});
