import { inject } from "vitest";
import { openDatabase, queryRows, type Database } from "../../src/db/open.ts";

/** The database built from the real sources by the global setup ("" without a mirror). */
export const realDatabase = inject("realDatabase");
export const noRealData =
  realDatabase === ""
    ? "set KUBE_CENSUS_MIRROR to the data mirror to run the real-data tests"
    : false;

type Query = (sql: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>[]>;

export const withRealDatabase = <T>(fn: (query: Query, db: Database) => Promise<T>): Promise<T> =>
  withDatabase(realDatabase, fn);

/** Opens a database read-only for `fn` and closes it after. */
export async function withDatabase<T>(
  path: string,
  fn: (query: Query, db: Database) => Promise<T>,
): Promise<T> {
  const db = await openDatabase(path);
  try {
    return await fn((sql, params) => queryRows(db.conn, sql, params), db);
  } finally {
    db.close();
  }
}

/** The database ingested from the test fixtures (test/support/fixture-database.ts): always there. */
export const fixtureDatabase = inject("fixtureDatabase");

/**
 * The databases a guard test runs on: the fixture database always, the real one with the mirror —
 * so a guard is checked everywhere and, where the data is, on the real tables too.
 */
export const guardDatabases: [name: string, path: string][] = [
  ["fixture database", fixtureDatabase],
  ...(realDatabase ? [["real database", realDatabase] as [string, string]] : []),
];
