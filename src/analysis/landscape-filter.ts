import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { CensusError } from "../errors.ts";
import { maturities } from "../loaders/landscape-item.ts";
import { nearest } from "../nearest.ts";

/** A CNCF maturity, or `none` for an item that is not a CNCF project. */
export const maturityFilters = [...maturities, "none"] as const;
export type MaturityFilter = (typeof maturityFilters)[number];

/** Which items of a snapshot to keep; every field is optional and they combine with AND. */
export interface LandscapeFilter {
  /** Exact category name, any case. */
  category?: string;
  /** Exact subcategory name, any case. */
  subcategory?: string;
  maturity?: MaturityFilter;
  /** Organization slug (from the crunchbase URL), exact, any case. */
  org?: string;
  /** Substring of the name or description, any case. */
  search?: string;
}

/**
 * How an item is recognised across snapshots and among its own duplicates: its name, ignoring
 * case and runs of spaces. Names repeat within a snapshot when one project is listed in several
 * places (Prometheus under Observability and under CNAI in 2024-12-31), and only in that case;
 * homepages differ between such entries (Kafka's CNAI entry points at flink.apache.org) and
 * change between snapshots, so name + homepage would split one project in two. Spaces are not
 * removed altogether: "Control Plane (member)" and "ControlPlane (member)" are two companies.
 */
export const ITEM_KEY = `lower(regexp_replace(trim(name), '\\s+', ' ', 'g'))`;

/**
 * The rows of `landscape_items` at the snapshots $from and $to, with each item's maturity
 * resolved over its entries in that snapshot, as CTE `resolved`.
 */
export const RESOLVED_ITEMS = `snapshot_items AS (
  SELECT *, ${ITEM_KEY} AS item_key
  FROM landscape_items
  -- why: only the snapshot(s) asked for ($from = $to outside a diff)
  WHERE snapshot IN ($from::DATE, $to::DATE)
),
resolved AS (
  -- why: a project listed in several places carries its maturity on one entry only (Prometheus's
  -- CNAI entry, 2024-12-31, has none); no snapshot gives one item two different maturities
  SELECT * REPLACE (max(maturity) OVER (PARTITION BY snapshot, item_key) AS maturity)
  FROM snapshot_items
)`;

/** The filter as SQL conditions on `resolved`; each one is off when its parameter is NULL. */
export const FILTER_CONDITIONS = `
  -- why: --category is an exact name in any case (checked against the snapshot's names first)
  ($category::VARCHAR IS NULL OR lower(category) = lower($category))
  -- why: --subcategory likewise
  AND ($subcategory::VARCHAR IS NULL OR lower(subcategory) = lower($subcategory))
  -- why: --maturity none means not a CNCF project: no maturity on any of the item's entries
  AND ($maturity::VARCHAR IS NULL OR coalesce(maturity, 'none') = $maturity)
  -- why: --org is the crunchbase organization slug, any case
  AND ($org::VARCHAR IS NULL OR lower(organization) = lower($org))
  -- why: --search is plain text, not a LIKE pattern, so % and _ stand for themselves
  AND ($search::VARCHAR IS NULL
       OR contains(lower(name), lower($search))
       OR contains(lower(coalesce(description, '')), lower($search)))`;

/** The filter's query parameters (NULL where a field is absent). */
export function filterParams(filter: LandscapeFilter, from: string, to = from) {
  return {
    from,
    to,
    category: filter.category ?? null,
    subcategory: filter.subcategory ?? null,
    maturity: filter.maturity ?? null,
    org: filter.org ?? null,
    search: filter.search ?? null,
  };
}

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
    `unknown ${what} "${wanted}" at ${at}.${hint ? ` Did you mean "${hint}"?` : ""} ${list}`,
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
  const is = (a: unknown, b: string) =>
    typeof a === "string" && a.toLowerCase() === b.toLowerCase();
  const { category, subcategory, org } = filter;
  if (category !== undefined && !rows.some((r) => is(r.category, category)))
    throw unknown(
      "category",
      category,
      at,
      rows.map((r) => String(r.category)),
      true,
    );
  if (subcategory !== undefined) {
    const inCategory = rows.filter((r) => category === undefined || is(r.category, category));
    if (!inCategory.some((r) => is(r.subcategory, subcategory))) {
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
  if (org !== undefined && !rows.some((r) => is(r.organization, org))) {
    const orgs = rows.flatMap((r) => (typeof r.organization === "string" ? [r.organization] : []));
    throw unknown("organization", org, at, orgs, false);
  }
}
