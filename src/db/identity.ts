import type { DuckDBConnection } from "@duckdb/node-api";

/**
 * The mark that says a DuckDB file is a kube-census database: a one-row table naming the tool
 * and the version of its schema. `ingest` replaces only a file that holds this mark (or nothing),
 * so a user's own DuckDB at KUBE_CENSUS_DB is never overwritten, and readers tell another program's
 * database apart from an old or damaged one of ours.
 */
export const TOOL = "kube-census";
/** Raise when a reader can no longer read what an older ingest wrote. */
// 2: survey_sources.reference_date (project adoption reads it)
// 3: answers is a table (sorted by question) and respondent_reach holds who reached each column
// 4: codebook_scales (ordinal summaries) and codebook_weighting_cells (weights) are read by queries
export const SCHEMA_VERSION = 4;

export const IDENTITY_SCHEMA = `
CREATE TABLE kube_census (tool VARCHAR NOT NULL, schema_version INTEGER NOT NULL,
  written_at TIMESTAMP DEFAULT current_timestamp);
INSERT INTO kube_census (tool, schema_version) VALUES ('${TOOL}', ${SCHEMA_VERSION});
`;

/**
 * Tables every kube-census database has held since the first ingest: a database written before
 * the mark existed is recognised by all of them (no other program's database is likely to hold
 * these six names), so upgrading kube-census does not lock a user out of their own database.
 */
const UNMARKED_TABLES = [
  "sources",
  "ingest_runs",
  "ingest_issues",
  "survey_sources",
  "answers_all",
  "landscape_items",
];

export type Identity =
  | { kind: "census"; version: number }
  | { kind: "unmarked census" }
  | { kind: "other"; tables: string[] };

/** What kind of database `conn` is: kube-census's (marked or from before the mark) or another. */
export async function identify(conn: DuckDBConnection): Promise<Identity> {
  const tables = (
    await conn.runAndReadAll(
      `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name`,
    )
  )
    .getRowObjectsJS()
    .map((r) => String(r.table_name));
  if (tables.includes("kube_census")) {
    try {
      const [row] = (
        await conn.runAndReadAll(`SELECT tool, schema_version FROM kube_census LIMIT 1`)
      ).getRowObjectsJS();
      if (row?.tool === TOOL) return { kind: "census", version: Number(row.schema_version) };
    } catch {
      // A table of that name with other columns is someone else's.
    }
  }
  if (UNMARKED_TABLES.every((t) => tables.includes(t))) return { kind: "unmarked census" };
  return { kind: "other", tables };
}

/** "3 tables: a, b, c" / "no tables", for messages about a database that is not ours. */
export function describeTables(tables: string[]): string {
  if (tables.length === 0) return "no tables";
  const shown = tables.slice(0, 5).join(", ");
  return `${tables.length} table${tables.length === 1 ? "" : "s"}: ${shown}${tables.length > 5 ? ", …" : ""}`;
}
