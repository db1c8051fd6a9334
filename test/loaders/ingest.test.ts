import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "../../src/db/open.ts";
import { ingest } from "../../src/loaders/ingest.ts";
import type { Source } from "../../src/loaders/sources.ts";
import { fixture, fixtureSource } from "../support/fixtures.ts";

const good = {
  ...fixtureSource("surveys/nbsp-matrix-2018.csv", 2018, "csv-2018"),
  id: "good-2018",
};
const landscape: Source = {
  ...good,
  id: "landscape-fixture",
  kind: "landscape",
  snapshot: "2020-07-31",
  file: "landscape/archived-project.yml",
} as Source;
const truncated = {
  ...fixtureSource("surveys/truncated.csv", 2019, "csv-2019"),
  id: "broken-2019",
};

const run = (sources: Source[], databasePath: string) =>
  ingest({ sources, rawDir: fixture(""), databasePath, codebookDir: fixture("codebook-region") });

async function respondents(path: string): Promise<unknown> {
  const db = await openDatabase(path);
  try {
    return await queryRows(
      db.conn,
      "SELECT source, count(*)::INTEGER AS n FROM respondents GROUP BY source",
    );
  } finally {
    db.close();
  }
}

describe("ingest", () => {
  it("builds a database with the sources, their issues and a summary", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-ingest-"));
    const path = join(dir, "census.duckdb");
    const summary = await run([good, landscape], path);
    expect(summary.sources.map((s) => [s.id, s.status, s.issues])).toEqual([
      ["good-2018", "loaded", 0],
      ["landscape-fixture", "loaded", 0],
    ]);
    expect(summary.tables.respondents).toBe(3);
    expect(summary.tables.published_claims).toBeGreaterThan(0);
    expect(await respondents(path)).toEqual([{ source: "good-2018", n: 3 }]);
  });

  it("leaves the last good database in place when a source fails, and no temporary file behind", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-ingest-"));
    const path = join(dir, "census.duckdb");
    await run([good], path);
    await expect(run([landscape, truncated], path)).rejects.toThrow(
      /truncated\.csv: not a well-formed CSV export/,
    );
    expect(await respondents(path)).toEqual([{ source: "good-2018", n: 3 }]);
    expect(await readdir(dir)).toEqual(["census.duckdb"]);
  });

  it("names the missing raw file and says to fetch", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-ingest-"));
    const missing = { ...good, file: "surveys/not-there.csv" };
    await expect(run([missing], join(dir, "census.duckdb"))).rejects.toThrow(
      /not-there\.csv: missing raw file for good-2018\. Run `kube-census fetch` first/,
    );
  });
});
