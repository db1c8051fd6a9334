import { inject } from "vitest";
import { openDatabase, queryRows, type Database } from "../../src/db/open.ts";

/** The database built from the real sources by the global setup ("" without a mirror). */
export const realDatabase = inject("realDatabase");
export const noRealData =
  realDatabase === ""
    ? "set KUBE_CENSUS_MIRROR to the data mirror to run the real-data tests"
    : false;

export async function withRealDatabase<T>(
  fn: (
    query: (sql: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>[]>,
    db: Database,
  ) => Promise<T>,
): Promise<T> {
  const db = await openDatabase(realDatabase);
  try {
    return await fn((sql, params) => queryRows(db.conn, sql, params), db);
  } finally {
    db.close();
  }
}
