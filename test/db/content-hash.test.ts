import { readFile, rm } from "node:fs/promises";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { contentHash } from "../../src/db/content-hash.ts";
import { buildFixtureDatabase } from "../support/fixture-database.ts";
import { fixtureDatabase, withDatabase } from "../support/databases.ts";

/** An in-memory database holding `sql`'s tables, hashed. */
async function hashOf(sql: string): Promise<string> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn: DuckDBConnection = await instance.connect();
  try {
    await conn.run(sql);
    return (await contentHash(conn)).sha256;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const TABLES = `CREATE TABLE sources (id VARCHAR, sha256 VARCHAR);
CREATE TABLE kube_census (tool VARCHAR, written_at TIMESTAMP);
CREATE TABLE ingest_runs (finished_at TIMESTAMP, seconds DOUBLE);`;

describe("the database's content hash", () => {
  it("depends on what the tables hold, not on row order or when it was written", async () => {
    const a = await hashOf(`${TABLES}
      INSERT INTO sources VALUES ('a', '11'), ('b', '22');
      INSERT INTO kube_census VALUES ('kube-census', '2026-01-01 10:00');
      INSERT INTO ingest_runs VALUES ('2026-01-01 10:00', 10.5);`);
    // The same rows in another order, written at another time, by a slower ingest.
    const b = await hashOf(`${TABLES}
      INSERT INTO sources VALUES ('b', '22'), ('a', '11');
      INSERT INTO kube_census VALUES ('kube-census', '2026-12-03 11:00');
      INSERT INTO ingest_runs VALUES ('2026-12-03 11:00', 31.4);`);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
    // One character of one cell changes it; so does a repeated row (a multiset, not a set).
    const changed = await hashOf(`${TABLES} INSERT INTO sources VALUES ('a', '11'), ('b', '23');`);
    expect(changed).not.toBe(a);
    const repeated = await hashOf(
      `${TABLES} INSERT INTO sources VALUES ('a', '11'), ('b', '22'), ('b', '22');`,
    );
    expect(repeated).not.toBe(a);
    // A cell holding what would be a separator in the row's text stays apart from two cells.
    const x = await hashOf(
      `CREATE TABLE t (p VARCHAR, q VARCHAR); INSERT INTO t VALUES ('a'', ''b', 'c');`,
    );
    const y = await hashOf(
      `CREATE TABLE t (p VARCHAR, q VARCHAR); INSERT INTO t VALUES ('a', 'b'', ''c');`,
    );
    expect(x).not.toBe(y);
  });

  it("is the same for two ingests of the same files, whose database files differ", async () => {
    const again = join(tmpdir(), `census-fixture-again-${process.pid}.duckdb`);
    try {
      await buildFixtureDatabase(again);
      const fileHash = async (p: string) =>
        createHash("sha256")
          .update(await readFile(p))
          .digest("hex");
      const hashes = await Promise.all(
        [fixtureDatabase, again].map((p) => withDatabase(p, (_, db) => contentHash(db.conn))),
      );
      expect(hashes[1]!.sha256).toBe(hashes[0]!.sha256);
      expect(hashes[0]!.tables.map((t) => t.table)).toContain("sources");
      expect(hashes[0]!.tables.map((t) => t.table)).not.toContain("kube_census");
      // Why the file itself is not hashed: its bytes differ between the two ingests.
      expect(await fileHash(again)).not.toBe(await fileHash(fixtureDatabase));
    } finally {
      await rm(again, { force: true });
    }
  });
});
