import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance, quotedString } from "@duckdb/node-api";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";
import { runCli } from "../support/cli.ts";

/**
 * `export --weight 2019 --weight-by org_size,region` on the real data: the weights table read back
 * with SQL — one row per published respondent of every weighted year, mean weight 1 per year, 2019
 * (weighted to itself) all 1, and the exported answers weighted by it reaching 2019's region mix
 * (the cells written out here, not read from the codebook) — and the spec in schema.json.
 */

const REGION = `CASE
  WHEN option LIKE 'Europe%' THEN 'Europe'
  WHEN option IN ('North America', 'United States or Canada') THEN 'North America'
  WHEN option IN ('Africa', 'South and Central America') OR option LIKE 'Mexico%' THEN 'Africa and Latin America'
  ELSE 'Asia-Pacific' END`;

async function readBack(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe.skipIf(noRealData)("export --weight on the real data", () => {
  let root: string;
  let out: string;
  let schema: {
    files: { table: string; rows: number; columns: { name: string }[] }[];
    weighting: {
      target: string;
      by: string[];
      parts: { year: number; converged: boolean; n: number; unknown: number; n_eff: number }[];
      years_left_out: unknown[];
    };
  };
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "kc-export-weights-"));
    out = join(root, "out");
    await runCli(
      [
        "export",
        "--format",
        "csv",
        "--out",
        out,
        "--weight",
        "2019",
        "--weight-by",
        "org_size,region",
      ],
      realDatabase,
    );
    schema = JSON.parse(await readFile(join(out, "schema.json"), "utf8")) as typeof schema;
  }, 180_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  const weights = () => `read_csv(${quotedString(join(out, "weights.csv"))}, header = true)`;
  const answers = () => `read_csv(${quotedString(join(out, "answers.csv"))}, header = true)`;

  it("holds one weight per published respondent of each year, mean 1, 2019 all 1", async () => {
    const rows = await readBack(
      `SELECT year::INTEGER AS year, count(*)::INTEGER AS n, count(DISTINCT respondent)::INTEGER AS ids,
         sum(weight) AS total, min(weight) AS low, max(weight) AS high
       FROM ${weights()} GROUP BY year ORDER BY year`,
    );
    const stored = await withRealDatabase((q) =>
      q(`SELECT year, count(*)::INTEGER AS n FROM respondents WHERE excluded IS NULL
         AND year IN (SELECT year FROM answers WHERE question = 'org_size')
         AND year IN (SELECT year FROM answers WHERE question = 'region')
         GROUP BY year ORDER BY year`),
    );
    expect(rows.map((r) => [r.year, r.n])).toEqual(stored.map((r) => [r.year, r.n]));
    expect(rows.map((r) => r.year)).toEqual([2018, 2019, 2020, 2022]);
    for (const r of rows) {
      expect(r.ids).toBe(r.n);
      expect(Number(r.total)).toBeCloseTo(Number(r.n), 6);
    }
    const own = rows.find((r) => r.year === 2019)!;
    expect([own.low, own.high]).toEqual([1, 1]);
    expect(schema.files.find((f) => f.table === "weights")?.rows).toBe(
      rows.reduce((s, r) => s + Number(r.n), 0),
    );
  });

  it("weights each year's exported answers to 2019's region mix", async () => {
    const mix = await readBack(
      `WITH cells AS (
         SELECT a.year, ${REGION} AS cell, w.weight FROM ${answers()} a
         JOIN ${weights()} w ON w.year = a.year AND w.respondent = a.respondent
         WHERE a.question = 'region'),
       sums AS (SELECT year::INTEGER AS year, cell, sum(weight) AS w FROM cells GROUP BY ALL)
       SELECT year, cell, w / sum(w) OVER (PARTITION BY year) AS share FROM sums ORDER BY ALL`,
    );
    const target = mix.filter((m) => m.year === 2019);
    // 2019: 502 North America, 516 Europe of 1,337 (README).
    expect(Number(target.find((m) => m.cell === "Europe")!.share)).toBeCloseTo(516 / 1337, 9);
    for (const m of mix) {
      const t = target.find((x) => x.cell === m.cell)!;
      // 2018's five respondents missing a weighting answer keep weight 1 outside the fitting.
      expect(Math.abs(Number(m.share) - Number(t.share)), `${m.year} ${m.cell}`).toBeLessThan(
        m.year === 2018 ? 2e-3 : 1e-6,
      );
    }
  });

  it("puts the spec and each year's convergence in schema.json", () => {
    expect(schema.weighting.target).toBe("2019 (all)");
    expect(schema.weighting.by).toEqual(["org_size", "region"]);
    expect(schema.weighting.years_left_out).toEqual([]);
    expect(schema.weighting.parts.map((p) => [p.year, p.converged])).toEqual([
      [2018, true],
      [2019, true],
      [2020, true],
      [2022, true],
    ]);
    const columns = schema.files.find((f) => f.table === "weights")!.columns.map((c) => c.name);
    expect(columns).toEqual(["year", "respondent", "sample", "weight"]);
  });

  it("refuses --weight-by without --weight, and a summary-only target year, before writing", async () => {
    for (const args of [
      ["--weight-by", "region"],
      ["--weight", "2021", "--weight-by", "region"],
    ]) {
      const e = (await runCli(
        ["export", "--format", "csv", "--out", join(root, "refused"), ...args],
        realDatabase,
      ).then(
        () => null,
        (err: unknown) => err,
      )) as { code: number; stderr: string } | null;
      expect(e?.code).toBe(2);
      expect(e!.stderr).toMatch(/needs --weight|2021 has only published one-question summaries/);
    }
  }, 60_000);
});
