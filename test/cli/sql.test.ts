import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explained, splitStatements } from "../../src/cli/sql-statements.ts";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase, guardDatabases, realDatabase } from "../support/databases.ts";

describe("splitStatements", () => {
  it("splits at top-level semicolons only", () => {
    expect(splitStatements("SELECT 1; DROP TABLE answers")).toEqual([
      "SELECT 1",
      "DROP TABLE answers",
    ]);
    expect(splitStatements("SELECT ';' AS a, \"x;y\" FROM t -- ; not a split\n")).toHaveLength(1);
    expect(splitStatements("SELECT 'it''s; fine' /* ; */ ;  ; -- trailing\n")).toHaveLength(1);
    expect(splitStatements("SELECT $$a;b$$, $tag$c;d$tag$")).toHaveLength(1);
    expect(splitStatements("  -- only a comment\n")).toEqual([]);
  });

  it("reads escape strings and `$` inside identifiers as DuckDB does", () => {
    // E'\'' is one quote: the text after it is outside the string, so the DROP is a statement.
    expect(splitStatements("SELECT E'\\''; DROP TABLE answers; --'")).toHaveLength(2);
    expect(splitStatements("SELECT E'a\\'; b' AS s")).toHaveLength(1);
    // a$b$ is an identifier, not the opening of a $b$ dollar quote.
    expect(splitStatements("SELECT 1 AS a$b$; DROP TABLE x; SELECT 1 AS c$b$")).toHaveLength(3);
    expect(splitStatements("SELECT type'x;y'")).toHaveLength(1);
  });

  it("finds an EXPLAIN's statement, with or without ANALYZE and options", () => {
    expect(explained("SELECT 1")).toBeUndefined();
    expect(explained("EXPLAIN ANALYZE DELETE FROM answers")).toBe("DELETE FROM answers");
    expect(explained("-- c\nexplain analyse create table x as select 1")).toBe(
      "create table x as select 1",
    );
    expect(explained("EXPLAIN (FORMAT json) SELECT 1")).toBe("SELECT 1");
  });
});

describe.each(guardDatabases)("kube-census sql on the %s", (name, database) => {
  const sql = (query: string, ...args: string[]) => runCli(["sql", query, ...args], database);

  it("answers a read-only query as JSON", async () => {
    const { stdout } = await sql(
      "SELECT year, respondents FROM survey_sources WHERE year = 2019",
      "--format",
      "json",
    );
    // 2019: the book's 1,337 respondents; the fixture export's eight invented ones.
    expect(JSON.parse(stdout)).toEqual([
      { year: 2019, respondents: database === realDatabase ? 1337 : 8 },
    ]);
  });

  it.each([
    ["DELETE FROM answers", /only reads \(SELECT\); this is a DELETE statement/],
    ["CREATE TABLE x AS SELECT 1", /this is a CREATE statement/],
    ["COPY answers TO '/tmp/x.csv'", /this is a COPY statement/],
    ["SELECT 1; DROP TABLE answers", /exactly one statement; got 2/],
    ["EXPLAIN ANALYZE CREATE TABLE x AS SELECT 1", /EXPLAIN ANALYZE runs\) a CREATE statement/],
    ["EXPLAIN ANALYZE DELETE FROM answers", /EXPLAIN ANALYZE runs\) a DELETE statement/],
    ["explain analyse insert into sources select * from sources", /an? INSERT statement/],
    ["SET memory_limit = '30GB'", /this is a SET statement/],
    ["RESET memory_limit", /this is a SET statement/],
    ["CREATE TABLE t AS PIVOT answers ON question USING count(*)", /this is a CREATE statement/],
    // DuckDB's parser counts: an escape string or a `$` in a name no longer hides a statement.
    ["SELECT E'\\''; DROP TABLE answers; --'", /exactly one statement; got 2/],
    ["SELECT 1 AS a$b$; DELETE FROM answers; SELECT 1 AS c$b$", /exactly one statement; got 3/],
    [
      "WITH p AS (PIVOT (SELECT question, respondent FROM answers) ON question USING count(*)) DELETE FROM sources",
      /exactly one statement|a DELETE statement/,
    ],
  ])("refuses %s before it runs", async (query, message) => {
    await expect(sql(query)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(message),
    });
  });

  it("runs a single dynamic PIVOT (DuckDB expands it into two statements) as the one query it is", async () => {
    const { stdout } = await sql(
      "PIVOT (SELECT question, respondent FROM answers WHERE year = 2019) ON question USING count(DISTINCT respondent)",
      "--format",
      "json",
    );
    const [row] = JSON.parse(stdout) as Record<string, number>[];
    // One column per question answered in 2019, each counting that question's respondents.
    expect(row).toHaveProperty("org_size");
    const { stdout: plain } = await sql(
      "SELECT count(DISTINCT respondent) AS n FROM answers WHERE year = 2019 AND question = 'org_size'",
      "--format",
      "json",
    );
    expect(Number(row!.org_size)).toBe(JSON.parse(plain)[0].n);
  });

  it("runs a PIVOT inside a WITH, and an escape string holding a semicolon", async () => {
    const { stdout } = await sql(
      "WITH p AS (PIVOT (SELECT question, respondent FROM answers WHERE year = 2019) ON question USING count(*)) SELECT count(*) AS n FROM p",
      "--format",
      "csv",
    );
    expect(stdout).toMatch(/^n\n\d+\n$/);
    expect((await sql("SELECT E'a\\'; b' AS s", "--format", "csv")).stdout).toBe("s\na'; b\n");
  });

  it("runs EXPLAIN ANALYZE of a SELECT, and a semicolon inside a string is no second statement", async () => {
    const { stdout } = await sql(
      "EXPLAIN ANALYZE SELECT count(*) FROM answers",
      "--format",
      "json",
    );
    expect(JSON.parse(stdout)[0].explain_key).toBe("analyzed_plan");
    const { stdout: semi } = await sql(
      "SELECT ';' AS s -- ; DROP TABLE answers",
      "--format",
      "csv",
    );
    expect(semi).toBe("s\n;\n");
  });
});

describe("kube-census sql limits (fixture database)", () => {
  let temp: string;
  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), "kc-sql-limits-"));
  });
  afterAll(() => rm(temp, { recursive: true, force: true }));

  /** Runs a query with its own TMPDIR, so its spill folder can be watched. */
  const limited = (query: string, args: string[], env: Record<string, string>) =>
    runCli(["sql", query, ...args], fixtureDatabase, { TMPDIR: temp, ...env });
  // The default 60 s would stop these on a loaded machine before the limit under test is reached.
  const NO_TIMEOUT = ["--timeout", "900"];
  const spillFolders = async () =>
    (await readdir(temp)).filter((f) => f.startsWith("kube-census-spill"));

  it("stops a query at --timeout, saying so", async () => {
    await expect(
      limited("SELECT count(*) FROM range(100000000000)", ["--timeout", "1"], {}),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("the query was stopped after 1 s (--timeout 1)"),
    });
    await expect(limited("SELECT 1", ["--timeout", "soon"], {})).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("invalid --timeout: soon"),
    });
    // 1e12 s overflowed Node's timer (a warning, then the query stopped at once).
    for (const t of ["1e12", "86401", "0", "0x10"])
      await expect(limited("SELECT 1", ["--timeout", t], {})).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/invalid --timeout: .*more than 0 and at most 86400/),
      });
  });

  it("refuses memory and spill limits out of bounds, naming them, before DuckDB runs out", async () => {
    // A memory limit of 0 failed every query with DuckDB's out-of-memory text.
    for (const m of ["0GB", "16MB", "1000TB"])
      await expect(limited("SELECT 1", [], { KUBE_CENSUS_MEMORY_LIMIT: m })).rejects.toMatchObject({
        stderr: expect.stringMatching(
          new RegExp(`KUBE_CENSUS_MEMORY_LIMIT=${m}: out of bounds; it must be from 32MB to `),
        ),
      });
    await expect(
      limited("SELECT 1", [], { KUBE_CENSUS_SPILL_LIMIT: "100000TB" }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining("at most the free space on the disk of"),
    });
    expect(
      (await limited("SELECT 1 AS n", ["--format", "csv"], { KUBE_CENSUS_SPILL_LIMIT: "0MB" }))
        .stdout,
    ).toBe("n\n1\n");
  });

  it("caps memory and spill, names the limits, and leaves no spill folder behind", async () => {
    // 32 MB of memory and 16 MB of spill cannot hold 5 million distinct 32-character hashes.
    const query = "SELECT count(DISTINCT md5(i::VARCHAR)) FROM range(5000000) t(i)";
    const env = { KUBE_CENSUS_MEMORY_LIMIT: "32MB", KUBE_CENSUS_SPILL_LIMIT: "16MB" };
    await expect(limited(query, NO_TIMEOUT, env)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/needs more than 32MB of memory and 16MB of spill/),
    });
    expect(await spillFolders()).toEqual([]);
    await expect(
      limited("SELECT 1", [], { KUBE_CENSUS_MEMORY_LIMIT: "lots" }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining("KUBE_CENSUS_MEMORY_LIMIT=lots: not a size"),
    });
  });

  it("spills into its own folder while a query runs and removes it after", async () => {
    const query =
      "SELECT count(*) AS n FROM (SELECT DISTINCT md5(i::VARCHAR) FROM range(2000000) t(i))";
    const seen = new Set<string>();
    const run = limited(query, ["--format", "csv", ...NO_TIMEOUT], {
      KUBE_CENSUS_MEMORY_LIMIT: "32MB",
    });
    let done = false;
    void run.finally(() => (done = true)).catch(() => {});
    while (!done) {
      for (const f of await spillFolders()) seen.add(f);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await run).stdout).toBe("n\n2000000\n");
    expect([...seen].some((f) => /^kube-census-spill\.tmp-\d+-\d+$/.test(f))).toBe(true);
    expect(await spillFolders()).toEqual([]);
  });

  it("sweeps a spill folder a killed process left", async () => {
    const stale = join(temp, "kube-census-spill.tmp-999999999-1");
    await mkdir(stale);
    await limited("SELECT 1", [], {});
    expect(await spillFolders()).toEqual([]);
  });
});
