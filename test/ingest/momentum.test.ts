import { readFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { CensusError } from "../../src/errors.ts";
import { parseMomentum } from "../../src/ingest/momentum/momentum.ts";
import {
  createMomentumTables,
  insertMomentumRows,
} from "../../src/ingest/momentum/momentum-table.ts";
import { repoBreaks, writeRepoBreaks } from "../../src/ingest/momentum/repo-breaks.ts";

const fixtures = new URL("../fixtures/momentum/", import.meta.url);
const text = (name: string) => readFileSync(new URL(name, fixtures), "utf8");
const parse = (name: string, snapshot = "2020-07-31") =>
  parseMomentum(text(name), { source: "fixture", file: name, snapshot });

describe("parseMomentum on fixtures", () => {
  it("reads the weekly series, the primary language and the item key", () => {
    const { rows, issues, entries } = parse("weekly-series.yml");
    expect(issues).toEqual([]);
    expect(entries).toBe(3);
    // The commercial item (no repository) has no row.
    expect(rows.map((r) => r.name)).toEqual(["Alpha   Runtime", "Empty Repo"]);
    expect(rows[0]).toEqual({
      snapshot: "2020-07-31",
      itemKey: "alpha runtime",
      name: "Alpha   Runtime",
      category: "Runtime",
      subcategory: "Container Runtime",
      maturity: "incubating",
      repoUrl: "https://github.com/alpha-example/runtime",
      stars: 1234,
      contributors: 56,
      // 1 + 2 + … + 10 in the first weeks, 100 in the last.
      commits52w: 155,
      firstWeek: "2019-08-04",
      firstCommit: "2018-08-14",
      firstCommitSha: "5c20bfa377b0e509310f89027eb8b0601fdc240a",
      latestCommit: "2020-06-24",
      license: "Apache License 2.0",
      // Listed second, but with the most bytes.
      language: "Go",
      path: "landscape[0].subcategories[0].items[0]",
    });
    expect(rows[1]).toMatchObject({ language: null, commits52w: 0, stars: 3 });
  });

  it("leaves the 2018 form's missing series and languages empty without an issue", () => {
    const { rows, issues } = parse("old-format.yml", "2018-06-30");
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      expect.objectContaining({
        name: "Beta Monitor",
        maturity: "incubating",
        stars: 17251,
        contributors: 246,
        commits52w: null,
        firstWeek: null,
        language: null,
        license: "Apache-2.0",
        latestCommit: "2018-06-22",
      }),
    ]);
  });

  it("never lets a Crunchbase or Yahoo Finance value out of the parser", () => {
    const source = text("licence-restricted-blocks.yml");
    const distinctive = [
      "Zyxwvut Quokka",
      "Quokkaville",
      "Atlantis",
      "Wombat Sistina",
      "987654321",
      "31000777",
      "109452165777",
      "QKKA",
      "5001",
      "Gamma Example Holdings",
    ];
    // The values are in the file…
    for (const v of distinctive) expect(source).toContain(v);
    const parsed = parse("licence-restricted-blocks.yml");
    expect(parsed.rows.map((r) => r.name)).toEqual(["Gamma Deploy"]);
    // …and in nothing the parser returns, rows or issue rows (the nameless item is reported).
    expect(parsed.issues).toEqual([
      expect.objectContaining({ row: "landscape[0].subcategories[0].items[1]", column: "name" }),
    ]);
    const out = JSON.stringify(parsed);
    for (const v of distinctive) expect(out).not.toContain(v);
    expect(out).not.toMatch(/crunchbase_data|yahoo_finance_data|num_employees|funding/);
  });

  it("reports every bad or missing field and keeps the item's other facts", () => {
    const { rows, issues } = parse("bad-fields.yml");
    const byColumn = (name: string) =>
      issues.filter((i) => i.row.endsWith("items[0]")).find((i) => i.column === name);
    expect(rows.map((r) => r.name)).toEqual(["Bad Counts", "Missing Facts"]);
    expect(rows[0]).toMatchObject({
      stars: null,
      contributors: null,
      commits52w: null,
      firstWeek: null,
      firstCommit: null,
      firstCommitSha: null,
      latestCommit: null,
      license: null,
      language: null,
      maturity: null,
      repoUrl: "https://github.com/bad-example/counts",
    });
    expect(byColumn("github_data.stars")).toMatchObject({
      value: '"many"',
      reason: "not a star count (a whole number ≥ 0); left empty",
    });
    expect(byColumn("github_data.contributors_count")?.value).toBe("-4");
    expect(byColumn("github_data.contributions")?.reason).toMatch(/52 weekly commit counts/);
    expect(byColumn("github_data.firstWeek")?.value).toBe('"someday"');
    expect(byColumn("github_data.latest_commit_date")?.value).toBe('"yesterday"');
    expect(byColumn("github_data.license")?.reason).toBe("not a licence name; left empty");
    expect(byColumn("github_data.languages")?.value).toBe('"Go"');
    expect(byColumn("github_start_commit_data.start_date")?.value).toBe('"2019-02-30T00:00:00Z"');
    expect(byColumn("github_start_commit_data.start_commit_link")).toBeDefined();
    expect(byColumn("project")?.reason).toMatch(/not a CNCF maturity/);

    // The item with the series only: every other fact is missing, and said so; empty languages are not.
    const missing = issues.filter((i) => i.row.endsWith("items[1]")).map((i) => i.column);
    expect(missing.sort()).toEqual([
      "github_data.contributors_count",
      "github_data.latest_commit_date",
      "github_data.license",
      "github_data.stars",
      "github_start_commit_data",
    ]);
    expect(rows[1]).toMatchObject({ commits52w: 0, stars: null, language: null });

    const others = issues.filter((i) => !/items\[[01]\]$/.test(i.row));
    expect(others.map((i) => [i.row.replace(/.*\./, ""), i.column, i.reason])).toEqual([
      [
        "items[2]",
        "github_data",
        "a repository without GitHub facts at this date; no momentum row",
      ],
      ["items[3]", "repo_url", "GitHub facts without a repository URL; no momentum row"],
      ["items[4]", "name", "item has no name; item skipped"],
      ["items[5]", "", "item is not a mapping; item skipped"],
      [
        "items[6]",
        "repo_url",
        '"Bad   counts" is listed again with another repository than at landscape[0].subcategories[0].items[0] (https://github.com/bad-example/counts); this entry skipped',
      ],
    ]);
    // items[7] is the first item again, its URL written differently: skipped without an issue.
    expect(issues.every((i) => i.source === "fixture" && i.file === "bad-fields.yml")).toBe(true);
  });

  it("refuses a file that is not YAML or has no landscape list, naming it", () => {
    const ctx = { source: "fixture", file: "broken.yml", snapshot: "2020-07-31" };
    expect(() => parseMomentum("landscape: [unclosed", ctx)).toThrow(CensusError);
    expect(() => parseMomentum("landscape: [unclosed", ctx)).toThrow(/broken\.yml: not valid YAML/);
    expect(() => parseMomentum("items: []", ctx)).toThrow(
      /broken\.yml: no top-level "landscape" list/,
    );
  });
});

describe("repository changes in a series", () => {
  const point = (snapshot: string, repoUrl: string, stars: number, sha: string | null) => ({
    snapshot,
    name: "X",
    repoUrl,
    stars,
    firstCommitSha: sha,
  });

  it("tells a move, a fork and a replacement apart, and ignores a URL written differently", () => {
    // The real cases: etcd (coreos → etcd-io), Presto (prestodb → prestosql), Linkerd (→ linkerd2).
    const breaks = repoBreaks([
      point("2019-12-31", "https://github.com/d/x", 90, "aaaa"),
      point("2018-06-30", "https://github.com/a/x", 100, "aaaa"),
      point("2018-12-31", "https://github.com/b/x", 120, "aaaa"),
      point("2019-06-30", "HTTPS://www.GitHub.com/B/x.git/", 125, "aaaa"),
      point("2020-07-31", "https://github.com/c/y", 95, "bbbb"),
    ]);
    expect(
      breaks.map((b) => [b.fromSnapshot, b.toSnapshot, b.kind, b.starsBefore, b.starsAfter]),
    ).toEqual([
      ["2018-06-30", "2018-12-31", "moved", 100, 120],
      ["2019-06-30", "2019-12-31", "forked", 125, 90],
      ["2019-12-31", "2020-07-31", "replaced", 90, 95],
    ]);
  });

  it("calls a change with an unknown first commit a replacement", () => {
    const [b] = repoBreaks([
      point("2018-06-30", "https://github.com/a/x", 1, null),
      point("2018-12-31", "https://github.com/b/x", 2, "aaaa"),
    ]);
    expect(b?.kind).toBe("replaced");
  });

  it("records the breaks of the loaded series in momentum_breaks", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      await createMomentumTables(conn);
      const one = parse("old-format.yml", "2018-06-30").rows;
      const moved = one.map((r) => ({
        ...r,
        snapshot: "2018-12-31",
        repoUrl: "https://github.com/beta/monitor2",
        stars: 10,
      }));
      await insertMomentumRows(conn, [...one, ...moved]);
      expect(await writeRepoBreaks(conn)).toBe(1);
      const rows = (
        await conn.runAndReadAll(
          "SELECT item_key, CAST(from_snapshot AS VARCHAR) AS f, kind, stars_before, stars_after FROM momentum_breaks",
        )
      ).getRowObjectsJS();
      expect(rows).toEqual([
        {
          item_key: "beta monitor",
          f: "2018-06-30",
          kind: "forked",
          stars_before: 17251,
          stars_after: 10,
        },
      ]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
