import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import {
  FILTER_CONDITIONS,
  RESOLVED_ITEMS,
  checkFilter,
  filterParams,
  type LandscapeFilter,
} from "./landscape-filter.ts";

/** One landscape entry of one snapshot. */
export interface LandscapeItemRow {
  snapshot: string;
  category: string;
  subcategory: string;
  name: string;
  /** The item's CNCF maturity; null when it is not a CNCF project. */
  maturity: string | null;
  organization: string | null;
  homepage_url: string | null;
  repo_url: string | null;
  description: string | null;
}

const ITEMS_SQL = `WITH ${RESOLVED_ITEMS}
SELECT CAST(snapshot AS VARCHAR) AS snapshot, category, subcategory, name, maturity,
       organization, homepage_url, repo_url, description
FROM resolved
WHERE ${FILTER_CONDITIONS}
ORDER BY category, subcategory, lower(name), name, path`;

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
  return (await queryRows(
    conn,
    ITEMS_SQL,
    filterParams(filter, snapshot),
  )) as unknown as LandscapeItemRow[];
}

export const countKeys = ["category", "subcategory", "maturity"] as const;
export type CountKey = (typeof countKeys)[number];

// Items, not entries: an item listed twice in one group counts once there.
const COUNT_SQL: Record<CountKey, string> = {
  category: `WITH ${RESOLVED_ITEMS}
SELECT CAST(snapshot AS VARCHAR) AS snapshot, category, count(DISTINCT item_key)::INTEGER AS items
FROM resolved
WHERE ${FILTER_CONDITIONS}
GROUP BY ALL
ORDER BY items DESC, category`,
  subcategory: `WITH ${RESOLVED_ITEMS}
SELECT CAST(snapshot AS VARCHAR) AS snapshot, category, subcategory,
       count(DISTINCT item_key)::INTEGER AS items
FROM resolved
WHERE ${FILTER_CONDITIONS}
GROUP BY ALL
ORDER BY category, items DESC, subcategory`,
  maturity: `WITH ${RESOLVED_ITEMS},
counts AS (
  SELECT CAST(snapshot AS VARCHAR) AS snapshot, coalesce(maturity, 'none') AS level,
         count(DISTINCT item_key)::INTEGER AS items
  FROM resolved
  WHERE ${FILTER_CONDITIONS}
  GROUP BY ALL
)
SELECT snapshot, level AS maturity, items
FROM counts
ORDER BY list_position(['graduated', 'incubating', 'sandbox', 'archived', 'none'], level)`,
};

/** How many items of one snapshot pass the filter, per category, subcategory or maturity. */
export async function landscapeCounts(
  conn: DuckDBConnection,
  snapshot: string,
  by: CountKey,
  filter: LandscapeFilter = {},
): Promise<Record<string, unknown>[]> {
  await checkFilter(conn, filter, snapshot);
  return queryRows(conn, COUNT_SQL[by], filterParams(filter, snapshot));
}
