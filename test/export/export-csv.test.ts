import { DuckDBInstance } from "@duckdb/node-api";
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase } from "../support/databases.ts";

const HOSTILE = '=HYPERLINK("http://evil.example","click")';

describe("export --format csv guards formula cells like every other CSV", () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kc-export-csv-"));
    // A copy of the fixture database with a landscape description a spreadsheet would run.
    database = join(dir, "census.duckdb");
    await copyFile(fixtureDatabase, database);
    const instance = await DuckDBInstance.create(database);
    const conn = await instance.connect();
    await conn.run(
      `UPDATE landscape_items SET description = $d, name = '-' || name
       WHERE rowid = (SELECT min(rowid) FROM landscape_items)`,
      { d: HOSTILE },
    );
    conn.closeSync();
    instance.closeSync();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("prefixes a text cell starting with = + - @ with an apostrophe, and leaves numbers alone", async () => {
    const out = join(dir, "export");
    await runCli(["export", "--format", "csv", "--out", out], database);
    const csv = await readFile(join(out, "landscape_items.csv"), "utf8");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(csv).toMatch(/(^|,)'-/m);
    // Every figure's negative-free numbers and the answers' codes are written as they are.
    const figure = await readFile(join(out, "figure_fig_1_1.csv"), "utf8");
    expect(figure.split("\n")[1]).toMatch(/^\d{4},/);
    expect(figure).not.toMatch(/(^|,)'/m);
  });
});
