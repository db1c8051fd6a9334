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
  "sha256 over every table but ingest_runs and kube_census, in name order, one line each: the table's name, its row count and the sha256 of its rows' md5s (each row as DuckDB's to_json), sorted. The database file's own bytes differ between two ingests of the same data; this does not.";

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
 * (unambiguous, unlike a struct's text) and hashed inside DuckDB; the sorted row hashes make the
 * table's (sorting 32-character hashes is cheaper than sorting the rows); the table hashes are
 * combined here.
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
        `SELECT count(*)::BIGINT AS n, sha256(coalesce(string_agg(h, '' ORDER BY h), '')) AS h
         FROM (SELECT md5(to_json(t)::VARCHAR) AS h FROM ${quoteName(table)} AS t)`,
      )
    )[0]!;
    tables.push({ table, rows: Number(row.n), sha256: String(row.h) });
  }
  const all = createHash("sha256");
  for (const t of tables) all.update(`${t.table}\t${t.rows}\t${t.sha256}\n`);
  return { sha256: all.digest("hex"), tables };
}
