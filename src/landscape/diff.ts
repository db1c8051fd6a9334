import type { DuckDBConnection } from "@duckdb/node-api";
import { diffEntries, type LandscapeChangeRow, type LandscapeFilter } from "./model.ts";
import { checkFilter } from "./filter.ts";
import { snapshotEntries } from "./query.ts";

/**
 * Items added, removed, moved and changed in maturity between two snapshots (see diffEntries);
 * filters select items that pass them in either snapshot.
 */
export async function landscapeDiff(
  conn: DuckDBConnection,
  from: string,
  to: string,
  filter: LandscapeFilter = {},
): Promise<LandscapeChangeRow[]> {
  await checkFilter(conn, filter, from, to);
  return diffEntries(
    from,
    await snapshotEntries(conn, from),
    to,
    await snapshotEntries(conn, to),
    filter,
  );
}
