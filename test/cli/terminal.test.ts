import { DuckDBInstance } from "@duckdb/node-api";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase } from "../support/databases.ts";

const cli = (...args: string[]) => runCli(args, fixtureDatabase);
/** stderr of a refused command (the promise rejects with it). */
const stderrOf = (run: Promise<unknown>) =>
  run.then(
    () => "",
    (e: { stderr: string }) => e.stderr,
  );

// ESC sequences that would recolour and clear the terminal, set its title, or ring its bell.
const ESC = "\u001b[31m\u001b[2J";
const OSC = "\u001b]0;owned\u0007";
const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe("no raw control characters reach the terminal", () => {
  it.each([
    ["an unknown figure id echoed back", ["figure", `fig${ESC}`]],
    [
      "a --where echoed back",
      ["crosstab", "challenges", "--by", "org_size", "--where", `k8s_clusters=${OSC}`],
    ],
    ["an unknown category echoed with the valid names", ["landscape", "--category", `x${ESC}`]],
    ["an invalid --format", ["figures", "--format", `csv${ESC}`]],
  ])("%s", async (_, args) => {
    const stderr = await stderrOf(cli(...args));
    expect(stderr).toMatch(/\\x1b/);
    expect(stderr).not.toMatch(raw);
  });

  it("landscape category names from the data, listed after a miss", async () => {
    // A copy of the fixture database whose snapshots hold a category named with escape codes.
    const dir = await mkdtemp(join(tmpdir(), "kc-terminal-"));
    try {
      const database = join(dir, "census.duckdb");
      await copyFile(fixtureDatabase, database);
      const instance = await DuckDBInstance.create(database);
      const conn = await instance.connect();
      await conn.run(
        `UPDATE landscape_items SET category = 'Evil' || chr(27) || '[2J' || chr(155)`,
      );
      conn.closeSync();
      instance.closeSync();
      const stderr = await stderrOf(runCli(["landscape", "--category", "Runtime"], database));
      expect(stderr).toContain("Valid category names: Evil\\x1b[2J\\x9b.");
      expect(stderr).not.toMatch(raw);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a PIVOT whose values (its column names) hold escape codes", async () => {
    const { stdout } = await cli(
      "sql",
      `PIVOT (SELECT chr(27) || '[2Jboom' AS k, 1 AS v) ON k USING sum(v)`,
    );
    expect(stdout).not.toMatch(raw);
    expect(stdout.split("\n")[0]).toBe("\\x1b[2Jboom");
  });
});
