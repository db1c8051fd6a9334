import { createHash } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "./open.ts";

/**
 * Tables left out of the hash: when the database was written and how long the ingest took, not
 * what it holds. Two ingests of the same files then hash alike.
 */
export const UNHASHED_TABLES = ["ingest_runs", "kube_census"];

/** How the hash is made, in words, for the provenance a download carries. */
export const CONTENT_HASH_METHOD =
  "sha256 over every table but ingest_runs and kube_census, in name order, one line each: the table's name, its row count and the two sums (exact, 128-bit) of the upper and lower 64 bits of each row's md5, the row written as DuckDB's to_json. Row order does not move it; a changed, added, removed or repeated row does. The database file's own bytes differ between two ingests of the same data; this does not.";

export interface TableHash {
  table: string;
  rows: number;
  sha256: string;
}

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A fingerprint of what the database holds, not of its file: DuckDB's file differs byte for
 * byte between two ingests of the same raw files (block layout, the written-at row), so the
 * file's sha256 would call two identical databases different. Each row is written as JSON
 * (unambiguous, unlike a struct's text) and hashed inside DuckDB; a table's fingerprint is its
 * row count and the sums of its rows' md5 halves — a sum needs no sort (sorting 600,000 row
 * hashes took 7 s of the 8 on this machine; the sums take under 1 s) and counts a repeated row
 * twice, unlike an xor. A checksum of content, not a defence against a forger: two changes could
 * in principle cancel. The tables' lines are combined with sha256 here.
 */
export async function contentHash(
  conn: DuckDBConnection,
): Promise<{ sha256: string; tables: TableHash[] }> {
  const names = (
    await queryRows(
      conn,
      "SELECT table_name FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main' ORDER BY table_name",
    )
  )
    .map((r) => String(r.table_name))
    .filter((t) => !UNHASHED_TABLES.includes(t));
  const tables: TableHash[] = [];
  for (const table of names) {
    const row = (
      await queryRows(
        conn,
        `SELECT count(*)::VARCHAR AS n,
                coalesce(sum((m >> 64)::HUGEINT), 0)::VARCHAR AS upper,
                coalesce(sum((m & 18446744073709551615::UHUGEINT)::HUGEINT), 0)::VARCHAR AS lower
         FROM (SELECT md5_number(to_json(t)::VARCHAR) AS m FROM ${quoteName(table)} AS t)`,
      )
    )[0]!;
    const line = `${table}\t${row.n}\t${row.upper}\t${row.lower}`;
    tables.push({
      table,
      rows: Number(row.n),
      sha256: createHash("sha256").update(line).digest("hex"),
    });
  }
  const all = createHash("sha256");
  for (const t of tables) all.update(`${t.table}\t${t.rows}\t${t.sha256}\n`);
  return { sha256: all.digest("hex"), tables };
}
