import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { CensusError, echoed } from "../errors.ts";
import { sameName, type LandscapeFilter } from "./model.ts";
import { nearest } from "../nearest.ts";

export { ITEM_KEY } from "../ingest/landscape/item-key.ts";

const NAMES_SQL = `
SELECT DISTINCT category, subcategory, organization
FROM landscape_items
-- why: a name is valid if the snapshot(s) being read use it
WHERE snapshot IN ($from::DATE, $to::DATE)`;

function unknown(
  what: string,
  wanted: string,
  at: string,
  valid: string[],
  listAll: boolean,
): CensusError {
  const sorted = [...new Set(valid)].sort((a, b) => a.localeCompare(b));
  const hint = nearest(wanted, sorted, 1)[0];
  const list = listAll
    ? `Valid ${what} names: ${sorted.join("; ")}.`
    : `${sorted.length} ${what} names; nearest: ${nearest(wanted, sorted, 5).join("; ")}.`;
  return new CensusError(
    `unknown ${what} "${echoed(wanted)}" at ${at}.${hint ? ` Did you mean "${hint}"?` : ""} ${list}`,
  );
}

/**
 * Checks the filter's category, subcategory and organization against the names the snapshot(s)
 * use, so a typo is an error naming the valid names and the nearest one rather than an empty
 * table. Subcategories are checked within the category when one is given.
 */
export async function checkFilter(
  conn: DuckDBConnection,
  filter: LandscapeFilter,
  from: string,
  to = from,
): Promise<void> {
  const rows = await queryRows(conn, NAMES_SQL, { from, to });
  const at = from === to ? `snapshot ${from}` : `snapshots ${from} and ${to}`;
  const { category, subcategory, org } = filter;
  if (category !== undefined && !rows.some((r) => sameName(r.category, category)))
    throw unknown(
      "category",
      category,
      at,
      rows.map((r) => String(r.category)),
      true,
    );
  if (subcategory !== undefined) {
    const inCategory = rows.filter((r) => category === undefined || sameName(r.category, category));
    if (!inCategory.some((r) => sameName(r.subcategory, subcategory))) {
      const where = category === undefined ? at : `${at} in category "${category}"`;
      throw unknown(
        "subcategory",
        subcategory,
        where,
        inCategory.map((r) => String(r.subcategory)),
        true,
      );
    }
  }
  if (org !== undefined && !rows.some((r) => sameName(r.organization, org))) {
    const orgs = rows.flatMap((r) => (typeof r.organization === "string" ? [r.organization] : []));
    throw unknown("organization", org, at, orgs, false);
  }
}
