import { execFileSync, spawn } from "node:child_process";
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportCensus } from "../../src/export/export.ts";
import { fetchSource } from "../../src/sources/fetch.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { pidRunning } from "../../src/temp-files.ts";
import { projectRoot } from "../../src/paths.ts";
import { fixture, fixtureSource } from "../support/fixtures.ts";
import { fixtureDatabase } from "../support/databases.ts";

/** A pid no process holds: the largest pid Linux allows, plus one. */
const DEAD = 4194305;

async function until(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts the CLI (or another entry point run through tsx), waits until `ready` holds, sends
 * `signal`, and returns how it exited.
 */
async function interrupt(
  args: string[],
  env: Record<string, string>,
  ready: () => Promise<boolean>,
  signal: NodeJS.Signals,
  script?: string,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const entry = script ? ["--import", "tsx", script] : [join(projectRoot, "bin/kube-census.js")];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: "ignore",
  });
  let sent = 0;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>(
    (r) => child.on("exit", (code, signal) => r({ code, signal, ms: performance.now() - sent })),
  );
  await until(ready);
  sent = performance.now();
  child.kill(signal);
  return exited;
}

describe("temporary files left by a dead process are swept by the next run", () => {
  it("ingest removes census.duckdb.tmp-<dead pid>, its .wal and .spill folder, and keeps a live process's", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-sweep-"));
    for (const f of [`census.duckdb.tmp-${DEAD}`, `census.duckdb.tmp-${DEAD}.wal`, "notes.txt"])
      await writeFile(join(dir, f), "left");
    // DuckDB's spill files of a killed ingest (a folder of them)
    await mkdir(join(dir, `census.duckdb.tmp-${DEAD}.spill`));
    await writeFile(join(dir, `census.duckdb.tmp-${DEAD}.spill`, "duckdb_temp_storage-0.tmp"), "x");
    await writeFile(join(dir, `census.duckdb.tmp-1`), "pid 1 runs");
    expect(pidRunning(DEAD)).toBe(false);
    await ingest({
      sources: [fixtureSource("surveys/nbsp-matrix-2018.csv", 2018, "survey-2018")],
      rawDir: fixture(""),
      databasePath: join(dir, "census.duckdb"),
      codebookDir: fixture("codebook-region"),
      // The fixture codebook maps only the questions under test: no coverage floor (data/surveys/coverage.yml).
      minCoverage: 0,
    });
    expect((await readdir(dir)).sort()).toEqual([
      "census.duckdb",
      "census.duckdb.tmp-1",
      "notes.txt",
    ]);
  });

  it("fetch removes <file>.<dead pid>.partial", async () => {
    const root = await mkdtemp(join(tmpdir(), "kc-sweep-"));
    const content = Buffer.from("x\n");
    await mkdir(join(root, "mirror"), { recursive: true });
    await writeFile(join(root, "mirror", "f.csv"), content);
    await mkdir(join(root, "raw"), { recursive: true });
    await writeFile(join(root, "raw", `f.csv.${DEAD}.partial`), "half");
    const { createHash } = await import("node:crypto");
    await fetchSource(
      {
        id: "f",
        kind: "document",
        file: "f.csv",
        url: "https://example.invalid/f.csv",
        commit: "0".repeat(40),
        sha256: createHash("sha256").update(content).digest("hex"),
        bytes: content.length,
        license: "test",
      },
      { rawDir: join(root, "raw"), mirrors: [join(root, "mirror")], network: false },
    );
    expect(await readdir(join(root, "raw"))).toEqual(["f.csv"]);
  });
});

describe("an interrupted ingest removes its temporary files (fixture database)", () => {
  it("ingest killed with SIGTERM mid-build leaves no census.duckdb.tmp-<pid> or .wal, and the last good database", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-kill-"));
    await copyFile(fixtureDatabase, join(dir, "census.duckdb"));
    const before = await readFile(join(dir, "census.duckdb"));
    // The book's tables are read after the temporary database is created: with one of them a FIFO
    // that nobody writes, the ingest waits there, mid-build, for as long as the test needs — no
    // race with a fast fixture ingest, and no need for the real data.
    const book = join(dir, "book");
    await cp(join(projectRoot, "data", "published"), join(book, "published"), { recursive: true });
    await cp(join(projectRoot, "data", "tns-2020"), join(book, "tns-2020"), { recursive: true });
    await rm(join(book, "tns-2020", "layers.yml"));
    execFileSync("mkfifo", [join(book, "tns-2020", "layers.yml")]);
    const exit = await interrupt(
      [join(dir, "census.duckdb"), book],
      {},
      async () => (await readdir(dir)).some((f) => f.startsWith("census.duckdb.tmp-")),
      "SIGTERM",
      "test/support/ingest-fixture-cli.ts",
    );
    expect(exit.signal).toBe("SIGTERM");
    expect(exit.ms).toBeLessThan(5000);
    expect((await readdir(dir)).sort()).toEqual(["book", "census.duckdb"]);
    expect((await readFile(join(dir, "census.duckdb"))).equals(before)).toBe(true);
  });

  it("ingest killed with SIGTERM while it reads and harmonises a large export ends within seconds", async () => {
    // A million answer rows (17 MB): parsing, harmonising and appending them takes seconds of
    // unbroken work, which held the signal handler until it was done (~30 s at 50× the real
    // exports) before that work paused every 50 ms. The bound is loose, for a loaded machine:
    // `npm run bench:scale` measures the real one.
    const dir = await mkdtemp(join(tmpdir(), "kc-kill-"));
    await copyFile(fixtureDatabase, join(dir, "census.duckdb"));
    const before = await readFile(join(dir, "census.duckdb"));
    const [questions, options] = (await readFile(fixture("surveys/nbsp-matrix-2018.csv"), "utf8"))
      .split("\n")
      .slice(0, 2);
    await mkdir(join(dir, "raw"));
    await writeFile(
      join(dir, "raw", "big.csv"),
      `${questions}\n${options}\n${"North America,Using in Production?,,\n".repeat(1_000_000)}`,
    );
    await writeFile(
      join(dir, "sources.json"),
      JSON.stringify([fixtureSource("big.csv", 2018, "survey-2018")]),
    );
    const exit = await interrupt(
      [
        join(dir, "census.duckdb"),
        join(dir, "raw"),
        join(dir, "sources.json"),
        fixture("codebook-region"),
      ],
      {},
      async () => (await readdir(dir)).some((f) => f.startsWith("census.duckdb.tmp-")),
      "SIGTERM",
      "test/support/ingest-sources-cli.ts",
    );
    expect(exit.signal).toBe("SIGTERM");
    expect(exit.ms).toBeLessThan(5000);
    expect((await readdir(dir)).sort()).toEqual(["census.duckdb", "raw", "sources.json"]);
    expect((await readFile(join(dir, "census.duckdb"))).equals(before)).toBe(true);
  });
});

describe("an interrupted export removes its temporary files (fixture database)", () => {
  it("export interrupted with SIGINT leaves no <out>.tmp-<pid>/", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-kill-"));
    const exit = await interrupt(
      ["export", "--format", "csv", "--out", join(dir, "out")],
      { KUBE_CENSUS_DB: fixtureDatabase },
      async () => {
        const tmp = (await readdir(dir)).find((f) => f.startsWith("out.tmp-"));
        return tmp !== undefined && (await readdir(join(dir, tmp))).length > 0;
      },
      "SIGINT",
    );
    expect(exit.signal).toBe("SIGINT");
    expect(await readdir(dir)).toEqual([]);
  });

  it("export sweeps <out>.tmp-<dead pid>/ left by a harder kill", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-kill-"));
    await mkdir(join(dir, `out.tmp-${DEAD}`));
    await writeFile(join(dir, `out.tmp-${DEAD}`, "answers.csv"), "half");
    await exportCensus({ format: "csv", out: join(dir, "out"), databasePath: fixtureDatabase });
    expect(await readdir(dir)).toEqual(["out"]);
  });
});
