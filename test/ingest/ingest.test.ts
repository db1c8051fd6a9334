import { createHash } from "node:crypto";
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "../../src/db/open.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { checkRaw, readChecked } from "../../src/ingest/ingest-guards.ts";
import type { Source } from "../../src/sources/sources.ts";
import { fixture, fixtureSource } from "../support/fixtures.ts";

const good = {
  ...fixtureSource("surveys/nbsp-matrix-2018.csv", 2018, "survey-2018"),
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
  ...fixtureSource("surveys/truncated.csv", 2019, "survey-2019"),
  id: "broken-2019",
};

const garbage = {
  ...fixtureSource("surveys/garbage-cell-2020.csv", 2020, "survey-2020"),
  id: "garbage-2020",
};

// The fixture codebook maps only the questions under test: no coverage floor, except where a
// test sets one (data/surveys/coverage.yml holds the real one).
const run = (sources: Source[], databasePath: string, rawDir = fixture(""), minCoverage = 0) =>
  ingest({ sources, rawDir, databasePath, codebookDir: fixture("codebook-region"), minCoverage });

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A raw folder holding the good fixture, and that source pinned by its real checksum. */
async function pinnedCopy(dir: string): Promise<{ rawDir: string; pinned: Source }> {
  const rawDir = join(dir, "raw");
  await mkdir(join(rawDir, "surveys"), { recursive: true });
  await copyFile(fixture(good.file), join(rawDir, good.file));
  const bytes = await readFile(fixture(good.file));
  return { rawDir, pinned: { ...good, sha256: sha256(bytes), bytes: bytes.length } };
}

async function sourceRows(path: string): Promise<unknown> {
  const db = await openDatabase(path);
  try {
    return await queryRows(db.conn, "SELECT id, sha256, bytes::INTEGER AS bytes FROM sources");
  } finally {
    db.close();
  }
}

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

  it("refuses a raw file that changed between the check and its load (it is read twice, not kept)", async () => {
    const rawDir = await mkdtemp(join(tmpdir(), "kc-ingest-"));
    await mkdir(join(rawDir, "surveys"));
    await copyFile(fixture(good.file), join(rawDir, good.file));
    const checked = await checkRaw(rawDir, good);
    expect(checked.sha256).toBe(sha256(await readFile(fixture(good.file))));
    expect((await readChecked(checked, good)).equals(await readFile(fixture(good.file)))).toBe(
      true,
    );
    await writeFile(join(rawDir, good.file), "changed\n");
    await expect(readChecked(checked, good)).rejects.toThrow(
      new RegExp(
        `surveys/nbsp-matrix-2018\\.csv \\(good-2018\\): sha256 ${checked.sha256} when the ingest began, ${sha256(Buffer.from("changed\n"))} when it was loaded: the file changed during the ingest`,
      ),
    );
  });

  it("names the missing raw file and says to fetch", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-ingest-"));
    const missing = { ...good, file: "surveys/not-there.csv" };
    await expect(run([missing], join(dir, "census.duckdb"))).rejects.toThrow(
      /not-there\.csv: missing raw file for good-2018\. Run `kube-census fetch` first/,
    );
  });

  it("checks every raw file against its pinned sha256 and keeps the last good database", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-ingest-"));
    const path = join(dir, "census.duckdb");
    const { rawDir, pinned } = await pinnedCopy(dir);
    await run([pinned], path, rawDir);
    expect(await sourceRows(path)).toEqual([
      { id: "good-2018", sha256: pinned.sha256, bytes: pinned.bytes },
    ]);
    // One changed byte: same size, another hash.
    const file = join(rawDir, good.file);
    const changed = Buffer.from(await readFile(file));
    changed[0] = changed[0]! ^ 0x20;
    await writeFile(file, changed);
    await expect(run([pinned], path, rawDir)).rejects.toThrow(
      `nbsp-matrix-2018.csv (good-2018): expected sha256 ${pinned.sha256} (${pinned.bytes} bytes), ` +
        `found sha256 ${sha256(changed)} (${changed.length} bytes). The file changed since it was fetched: run \`kube-census fetch\`.`,
    );
    expect(await respondents(path)).toEqual([{ source: "good-2018", n: 3 }]);
  });

  it("records the hash it read for an unpinned fixture, not the manifest's placeholder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-ingest-"));
    const path = join(dir, "census.duckdb");
    await run([good], path);
    const bytes = await readFile(fixture(good.file));
    expect(await sourceRows(path)).toEqual([
      { id: "good-2018", sha256: sha256(bytes), bytes: bytes.length },
    ]);
  });

  it("refuses an export with fewer respondents than expected (a cleanly truncated file)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-ingest-"));
    const path = join(dir, "census.duckdb");
    await run([good], path);
    const expecting4 = { ...good, expected: { respondents: 4, columns: 4 } };
    await expect(run([expecting4], path)).rejects.toThrow(
      /nbsp-matrix-2018\.csv \(good-2018\): 3 respondents where data\/surveys\/good-2018\.yml expects 4\. The file is truncated, damaged or not the pinned export\. Run `kube-census fetch`/,
    );
    const wider = { ...good, expected: { respondents: 3, columns: 5 } };
    await expect(run([wider], path)).rejects.toThrow(
      /4 columns where data\/surveys\/good-2018\.yml expects 5/,
    );
    expect(await respondents(path)).toEqual([{ source: "good-2018", n: 3 }]);
    expect(await readdir(dir)).toEqual(["census.duckdb"]);
    await run([{ ...good, expected: { respondents: 3, columns: 4 } }], path);
  });

  it("refuses an export whose codebook coverage is below the threshold, naming file, coverage, threshold and what to do", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-ingest-"));
    const path = join(dir, "census.duckdb");
    // codebook-region maps region only: 1 of nbsp-matrix-2018.csv's 4 question columns (25%).
    const refused =
      /nbsp-matrix-2018\.csv \(good-2018\): the codebook maps 1 of its 4 question columns for 2018 \(coverage 25\.0%\), below the 90\.0% data\/surveys\/coverage\.yml requires\. Map the year in data\/codebook\/\*\.yml/;
    await expect(run([good], path, fixture(""), 0.9)).rejects.toThrow(refused);
    // The same file as a year the codebook does not know at all: nothing mapped, not 0 answers loaded.
    await expect(run([{ ...good, year: 2023 }], path, fixture(""), 0.9)).rejects.toThrow(
      /maps 0 of its 4 question columns for 2023 \(coverage 0\.0%\)/,
    );
    expect(await readdir(dir)).toEqual([]);
    // At the threshold it loads.
    await run([good], path, fixture(""), 0.25);
    expect(await respondents(path)).toEqual([{ source: "good-2018", n: 3 }]);
  });

  it("reads the real threshold from data/surveys/coverage.yml when none is given", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-ingest-"));
    await expect(
      ingest({
        sources: [good],
        rawDir: fixture(""),
        databasePath: join(dir, "census.duckdb"),
        codebookDir: fixture("codebook-region"),
      }),
    ).rejects.toThrow(/below the 90\.0% data\/surveys\/coverage\.yml requires/);
  });

  it("stops when a source's issues exceed 1% of its mapped cells, naming the most common reason", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-ingest-"));
    const path = join(dir, "census.duckdb");
    await run([good], path);
    await expect(run([good, garbage], path)).rejects.toThrow(
      /garbage-cell-2020\.csv \(garbage-2020\): 1 issues in 4 non-empty mapped cells \(25\.0%, more than 1%\)\. Most common \(1×\): ".*" is not the option of its column "Asia" \(region\) \(row 5, column 3: Asia\)/,
    );
    expect(await respondents(path)).toEqual([{ source: "good-2018", n: 3 }]);
  });

  it("stops when a landscape snapshot's items fail validation above 1%, or it lists none", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-ingest-"));
    const path = join(dir, "census.duckdb");
    await run([good], path);
    const snapshot = (file: string) => ({ ...landscape, file }) as Source;
    await expect(run([good, snapshot("landscape/no-valid-item.yml")], path)).rejects.toThrow(
      /no-valid-item\.yml \(landscape-fixture\): 3 of 3 entries fail validation \(100\.0%, more than 1%\)\. First: landscape\[0\]\.subcategories\[0\]\.items\[0\]\.name: .*kube-census fetch/,
    );
    await expect(run([good, snapshot("landscape/no-items.yml")], path)).rejects.toThrow(
      /no-items\.yml \(landscape-fixture\): the snapshot lists no items/,
    );
    // One item in three without a name is 33%: above 1% too.
    await expect(run([good, snapshot("landscape/missing-name.yml")], path)).rejects.toThrow(
      /1 of 3 entries fail validation/,
    );
    expect(await respondents(path)).toEqual([{ source: "good-2018", n: 3 }]);
    await run([good, landscape], path);
  });

  it("says a raw file is a directory, or unreadable, rather than missing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-ingest-"));
    const { rawDir } = await pinnedCopy(dir);
    const asDir = { ...good, file: "surveys/a-folder.csv" };
    await mkdir(join(rawDir, asDir.file));
    await expect(run([asDir], join(dir, "census.duckdb"), rawDir)).rejects.toThrow(
      /a-folder\.csv: the raw file for good-2018 is a directory\. Remove it, then run `kube-census fetch`/,
    );
    if (process.getuid?.() === 0) return; // root reads any file
    await chmod(join(rawDir, good.file), 0o000);
    await expect(run([good], join(dir, "census.duckdb"), rawDir)).rejects.toThrow(
      /nbsp-matrix-2018\.csv: cannot read the raw file for good-2018 \(EACCES\)/,
    );
  });
});
