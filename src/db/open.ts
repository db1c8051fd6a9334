import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { access } from "node:fs/promises";
import { CensusError } from "../errors.ts";
import { databasePath } from "../paths.ts";

export interface Database {
  conn: DuckDBConnection;
  close(): void;
}

export interface OpenOptions {
  /** Let queries read and write other files (COPY … TO, for `export`); off by default. */
  fileAccess?: boolean;
}

/**
 * Opens the census database read-only and, unless `fileAccess` is set, without access to other
 * files, so queries (including a user's own SQL) can neither change it nor read or write anything
 * else on disk.
 */
export async function openDatabase(
  path = databasePath,
  { fileAccess = false }: OpenOptions = {},
): Promise<Database> {
  try {
    await access(path);
  } catch {
    throw new CensusError(
      `${path}: no database yet. Run \`kube-census fetch && kube-census ingest\` (or \`npm run build\`).`,
    );
  }
  const instance = await DuckDBInstance.create(path, {
    access_mode: "READ_ONLY",
    ...(fileAccess ? {} : { enable_external_access: "false" }),
  });
  const conn = await instance.connect();
  return {
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs a query and returns plain JS rows (BIGINT becomes number when it fits). */
export async function queryRows(
  conn: DuckDBConnection,
  sql: string,
  params?: Record<string, unknown>,
): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql, params as never);
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row))
      out[k] = typeof v === "bigint" && Number.isSafeInteger(Number(v)) ? Number(v) : v;
    return out;
  });
}
