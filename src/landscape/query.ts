import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import {
  countEntries,
  matchesFilter,
  resolveEntries,
  sortEntries,
  type CountKey,
  type CountRow,
  type LandscapeEntry,
  type LandscapeFilter,
} from "./model.ts";
import { checkFilter } from "./filter.ts";

/** One landscape entry of one snapshot, as `kube-census landscape` prints it. */
export type LandscapeItemRow = Omit<LandscapeEntry, "path">;

const ENTRIES_SQL = `
SELECT CAST(snapshot AS VARCHAR) AS snapshot, category, subcategory, name, maturity,
       organization, homepage_url, repo_url, description, path
FROM landscape_items
WHERE snapshot = $snapshot::DATE`;

/**
 * Every entry of one snapshot with its maturity and organization resolved (src/render/landscape.ts): what the
 * CLI filters and counts here, and what the site's explorer is given to filter in the browser.
 */
export async function snapshotEntries(
  conn: DuckDBConnection,
  snapshot: string,
): Promise<LandscapeEntry[]> {
  const rows = await queryRows(conn, ENTRIES_SQL, { snapshot });
  return resolveEntries(rows as unknown as LandscapeEntry[]);
}

/**
 * The entries of one snapshot that pass the filter, by category, subcategory and name. An item
 * listed in several places has one row per place.
 */
export async function landscapeItems(
  conn: DuckDBConnection,
  snapshot: string,
  filter: LandscapeFilter = {},
): Promise<LandscapeItemRow[]> {
  await checkFilter(conn, filter, snapshot);
  const kept = (await snapshotEntries(conn, snapshot)).filter((e) => matchesFilter(e, filter));
  return sortEntries(kept).map(({ path: _path, ...row }) => row);
}

/** How many items of one snapshot pass the filter, per category, subcategory or maturity. */
export async function landscapeCounts(
  conn: DuckDBConnection,
  snapshot: string,
  by: CountKey,
  filter: LandscapeFilter = {},
): Promise<CountRow[]> {
  await checkFilter(conn, filter, snapshot);
  const kept = (await snapshotEntries(conn, snapshot)).filter((e) => matchesFilter(e, filter));
  return countEntries(kept, by);
}
