import { DuckDBInstance } from "@duckdb/node-api";
import { spawn } from "node:child_process";
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  stat,
  truncate,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { identify, SCHEMA_VERSION } from "../../src/db/identity.ts";
import { projectRoot } from "../../src/paths.ts";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase } from "../support/databases.ts";
import { buildFixtureDatabase } from "../support/fixture-database.ts";

/** Runs a reader on `database` and returns its exit status and stderr. */
async function read(database: string): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await runCli(["figure", "fig-1-1", "--format", "csv"], database);
    return { code: 0, stderr };
  } catch (e) {
    const { code, stderr } = e as { code: number; stderr: string };
    return { code, stderr };
  }
}

/** A sentence for the user: exit 1, the path named, no stack trace. */
function expectSentence(result: { code: number; stderr: string }, path: string, text: RegExp) {
  // Progress lines (export's "wrote …") may come first; the message is the command's last word.
  const message = result.stderr.trimEnd().split("\n").at(-1)!;
  expect(message).toMatch(/^kube-census: /);
  expect(message).toContain(path);
  expect(message).toMatch(text);
  expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
  expect(result.code).toBe(1);
}

/** A DuckDB file of the user's own, with their tables. */
async function usersDatabase(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  await conn.run(`CREATE TABLE thesis (chapter INTEGER, text VARCHAR); INSERT INTO thesis VALUES (1, 'years of work');
    CREATE TABLE notes (note VARCHAR)`);
  conn.closeSync();
  instance.closeSync();
}

async function tablesOf(path: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(
      `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'`,
    );
    return reader.getRowObjectsJS().map((r) => String(r.table_name));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function identityOf(path: string) {
  const instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
  const conn = await instance.connect();
  try {
    return await identify(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const dir = await mkdtemp(join(tmpdir(), "kc-dbpath-"));

describe("a reader names what is wrong with the database path (exit 1, no stack trace)", () => {
  it("a directory", async () => {
    const path = join(dir, "folder.duckdb");
    await mkdir(path);
    expectSentence(
      await read(path),
      path,
      /is a directory, not a database file\. Set KUBE_CENSUS_DB/,
    );
  });

  it("an empty file", async () => {
    const path = join(dir, "empty.duckdb");
    await writeFile(path, "");
    expectSentence(
      await read(path),
      path,
      /is an empty file \(0 bytes\), not a database\. Run `kube-census ingest`/,
    );
  });

  it("a truncated database", async () => {
    const path = join(dir, "truncated.duckdb");
    await copyFile(fixtureDatabase, path);
    await truncate(path, Math.floor((await stat(path)).size / 2));
    expectSentence(
      await read(path),
      path,
      /is truncated or damaged: DuckDB could not read it .*Move it away .* run `kube-census ingest`/,
    );
  });

  it("a database truncated near its end: it opens, and the query or export that reaches the missing part says so", async () => {
    const path = join(dir, "tail-cut.duckdb");
    await copyFile(fixtureDatabase, path);
    await truncate(path, Math.floor((await stat(path)).size * 0.97));
    // Every row of every table, so some read reaches past the cut wherever DuckDB put that block.
    const tables = await tablesOf(fixtureDatabase);
    const everyRow = tables
      .map((t) => `SELECT count(DISTINCT t::VARCHAR) AS n FROM "${t}" t`)
      .join(" UNION ALL ");
    let sql: { code: number; stderr: string };
    try {
      await runCli(["sql", everyRow], path);
      sql = { code: 0, stderr: "" };
    } catch (e) {
      sql = e as { code: number; stderr: string };
    }
    expectSentence(sql, path, /is truncated or damaged: DuckDB could not read it/);
    const out = join(dir, "tail-cut-export");
    let exported: { code: number; stderr: string };
    try {
      await runCli(["export", "--format", "csv", "--out", out], path);
      exported = { code: 0, stderr: "" };
    } catch (e) {
      exported = e as { code: number; stderr: string };
    }
    expectSentence(exported, path, /is truncated or damaged: DuckDB could not read it/);
    expect((await readdir(dir)).filter((f) => f.startsWith("tail-cut-export"))).toEqual([]);
  });

  it("a text file", async () => {
    const path = join(dir, "notes.txt");
    await writeFile(path, "my notes\n");
    expectSentence(
      await read(path),
      path,
      /is not a DuckDB database \(a text file, or a file damaged at its start\)/,
    );
  });

  it("another program's DuckDB: not a kube-census database; run ingest", async () => {
    const path = join(dir, "mine.duckdb");
    await usersDatabase(path);
    expectSentence(
      await read(path),
      path,
      /is a DuckDB database but not a kube-census database \(it holds 2 tables: notes, thesis\)\. .*run `kube-census ingest`/,
    );
  });

  it("a database another process holds open for writing", async () => {
    const path = join(dir, "locked.duckdb");
    await copyFile(fixtureDatabase, path);
    // A writer in another process, as a running program with the database open would be.
    const writer = spawn(
      process.execPath,
      [
        "-e",
        // The instance and connection are kept on globalThis: unreferenced, the garbage collector
        // may close them (and release the lock) before the reader runs — CI once saw the reader succeed.
        `import("@duckdb/node-api").then(async ({ DuckDBInstance }) => {
           const instance = await DuckDBInstance.create(process.argv[1]);
           globalThis.held = { instance, connection: await instance.connect() };
           process.stdout.write("locked\\n");
           setInterval(() => {}, 1000);
         })`,
        path,
      ],
      { cwd: projectRoot, stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        writer.stdout.on("data", (d: Buffer) => d.toString().includes("locked") && resolve());
        writer.on("exit", (code) => reject(new Error(`the writer exited (${code})`)));
      });
      expectSentence(
        await read(path),
        path,
        new RegExp(
          `is open for writing by another process \\(PID ${writer.pid}, .*\\), which locks it\\. Wait for that process to finish`,
        ),
      );
    } finally {
      writer.kill();
    }
  });

  it("a folder that does not exist", async () => {
    const path = join(dir, "no-such-folder", "census.duckdb");
    expectSentence(
      await read(path),
      path,
      /no database, and its folder .*no-such-folder does not exist/,
    );
  });
});

describe("ingest replaces only a kube-census database, or nothing", () => {
  it("refuses a user's own DuckDB file and leaves it byte for byte", async () => {
    const path = join(dir, "ingest-mine.duckdb");
    await usersDatabase(path);
    const before = await readFile(path);
    await expect(buildFixtureDatabase(path)).rejects.toThrow(
      /ingest-mine\.duckdb is a DuckDB database but not a kube-census database \(it holds 2 tables: notes, thesis\)\. Ingest replaces only a kube-census database, so it stops and leaves the file as it is/,
    );
    expect((await readFile(path)).equals(before)).toBe(true);
    expect((await readdir(dir)).filter((f) => f.startsWith("ingest-mine"))).toEqual([
      "ingest-mine.duckdb",
    ]);
  });

  it("refuses a text file, a directory and a table named like the mark that is not the mark", async () => {
    const text = join(dir, "ingest-text.duckdb");
    await writeFile(text, "my notes\n");
    await expect(buildFixtureDatabase(text)).rejects.toThrow(
      /is not a DuckDB database .* leaves the file as it is/,
    );
    expect(await readFile(text, "utf8")).toBe("my notes\n");
    const folder = join(dir, "ingest-folder.duckdb");
    await mkdir(folder);
    await writeFile(join(folder, "keep.txt"), "mine");
    await expect(buildFixtureDatabase(folder)).rejects.toThrow(
      /is a directory, not a database file/,
    );
    expect(await readdir(folder)).toEqual(["keep.txt"]);
    const impostor = join(dir, "ingest-impostor.duckdb");
    const instance = await DuckDBInstance.create(impostor);
    const conn = await instance.connect();
    await conn.run(
      `CREATE TABLE kube_census (tool VARCHAR); INSERT INTO kube_census VALUES ('my tool')`,
    );
    conn.closeSync();
    instance.closeSync();
    await expect(buildFixtureDatabase(impostor)).rejects.toThrow(
      /not a kube-census database \(it holds 1 table: kube_census\)/,
    );
  });

  it("builds into an empty file and into a folder it creates, and marks what it builds", async () => {
    const empty = join(dir, "ingest-empty.duckdb");
    await writeFile(empty, "");
    await buildFixtureDatabase(empty);
    expect(await identityOf(empty)).toEqual({ kind: "census", version: SCHEMA_VERSION });
    const nested = join(dir, "new", "folder", "census.duckdb");
    await buildFixtureDatabase(nested);
    expect(await identityOf(nested)).toEqual({ kind: "census", version: SCHEMA_VERSION });
  });

  it("replaces a kube-census database written before the mark existed", async () => {
    const path = join(dir, "ingest-unmarked.duckdb");
    await copyFile(fixtureDatabase, path);
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    await conn.run("DROP TABLE kube_census");
    conn.closeSync();
    instance.closeSync();
    expect(await identityOf(path)).toEqual({ kind: "unmarked census" });
    // A reader says what it is and what to do, not a bare "Table … does not exist".
    expectSentence(await read(path), path, /written by an older kube-census.*kube-census ingest/);
    await buildFixtureDatabase(path);
    expect(await identityOf(path)).toEqual({ kind: "census", version: SCHEMA_VERSION });
  });
});
