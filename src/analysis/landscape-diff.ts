import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import {
  FILTER_CONDITIONS,
  RESOLVED_ITEMS,
  checkFilter,
  filterParams,
  type LandscapeFilter,
} from "./landscape-filter.ts";

export const changeKinds = ["added", "removed", "moved", "maturity"] as const;

/** One change of one item between two snapshots. */
export interface LandscapeChangeRow {
  from_snapshot: string;
  to_snapshot: string;
  change: (typeof changeKinds)[number];
  name: string;
  /** Every place ("Category / Subcategory", sorted, joined with "; ") before; null if added. */
  place_before: string | null;
  place_after: string | null;
  /** Maturity before ("none": listed, not a CNCF project); null if added. */
  maturity_before: string | null;
  maturity_after: string | null;
}

const DIFF_SQL = `WITH ${RESOLVED_ITEMS},
matching AS (
  -- why: an item is in the diff if it passes the filter in either snapshot, so moving out of
  -- a category or losing a maturity still shows under that category or maturity
  SELECT DISTINCT item_key FROM resolved WHERE ${FILTER_CONDITIONS}
),
items AS (
  -- one row per item and snapshot: an item listed in several places has them all in \`place\`
  SELECT snapshot, item_key, min(name) AS name,
         array_to_string(list_sort(list(DISTINCT category || ' / ' || subcategory)), '; ') AS place,
         coalesce(any_value(maturity), 'none') AS maturity
  FROM resolved
  -- why: only the items the filter selected
  WHERE item_key IN (SELECT item_key FROM matching)
  GROUP BY snapshot, item_key
),
-- why: the older and the newer side of the comparison
before AS (SELECT * FROM items WHERE snapshot = $from::DATE),
after AS (SELECT * FROM items WHERE snapshot = $to::DATE),
changes AS (
  SELECT 'added' AS change, a.name, NULL AS place_before, a.place AS place_after,
         NULL AS maturity_before, a.maturity AS maturity_after
  FROM after a ANTI JOIN before b USING (item_key)
  UNION ALL
  SELECT 'removed', b.name, b.place, NULL, b.maturity, NULL
  FROM before b ANTI JOIN after a USING (item_key)
  UNION ALL
  SELECT 'moved', a.name, b.place, a.place, b.maturity, a.maturity
  FROM before b JOIN after a USING (item_key)
  -- why: the set of places changed (a renamed subcategory moves all its items)
  WHERE b.place <> a.place
  UNION ALL
  SELECT 'maturity', a.name, b.place, a.place, b.maturity, a.maturity
  FROM before b JOIN after a USING (item_key)
  -- why: a maturity change, including none → sandbox (accepted) and → archived
  WHERE b.maturity <> a.maturity
)
SELECT CAST($from::DATE AS VARCHAR) AS from_snapshot, CAST($to::DATE AS VARCHAR) AS to_snapshot,
       change, name, place_before, place_after, maturity_before, maturity_after
FROM changes
ORDER BY list_position(['added', 'removed', 'moved', 'maturity'], change), lower(name), name`;

/**
 * Items added, removed, moved (their set of places changed) and changed in maturity between two
 * snapshots, matched by name (see ITEM_KEY); an item both moved and re-graded has two rows.
 * Filters select items that pass them in either snapshot.
 */
export async function landscapeDiff(
  conn: DuckDBConnection,
  from: string,
  to: string,
  filter: LandscapeFilter = {},
): Promise<LandscapeChangeRow[]> {
  await checkFilter(conn, filter, from, to);
  const rows = await queryRows(conn, DIFF_SQL, filterParams(filter, from, to));
  return rows as unknown as LandscapeChangeRow[];
}
