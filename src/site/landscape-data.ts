import type { DuckDBConnection } from "@duckdb/node-api";
import { defaultAliasesFile, readBookAliases } from "../landscape/book-aliases.ts";
import { bookLandscape } from "../landscape/book-landscape.ts";
import { ITEM_KEY } from "../landscape/filter.ts";
import { snapshotEntries } from "../landscape/query.ts";
import { projectAdoption } from "../landscape/project-adoption.ts";
import { sortEntries } from "../landscape/model.ts";
import { queryRows } from "../db/open.ts";
import type {
  AdoptionFile,
  BookFile,
  LandscapeItem,
  LandscapeOverview,
  TimelineProject,
} from "./site-data-types.ts";

const SNAPSHOTS_SQL = `SELECT DISTINCT CAST(snapshot AS VARCHAR) AS snapshot FROM landscape_items ORDER BY snapshot`;

// Items, not entries: an item listed in two subcategories of one category counts once.
const CATEGORY_COUNTS_SQL = `
SELECT CAST(snapshot AS VARCHAR) AS snapshot, category, count(DISTINCT ${ITEM_KEY})::INTEGER AS items
FROM landscape_items GROUP BY ALL ORDER BY snapshot, category`;

// CNCF projects and the dates they moved through the maturity levels. The earliest date any
// snapshot records is kept: later snapshots sometimes overwrite an acceptance date.
const TIMELINE_SQL = `
WITH latest AS (
  SELECT ${ITEM_KEY} AS key, arg_max(name, snapshot) AS name, arg_max(category, snapshot) AS category,
         arg_max(maturity, snapshot) FILTER (WHERE maturity IS NOT NULL) AS maturity
  FROM landscape_items GROUP BY key
)
SELECT l.name, l.category, l.maturity,
       CAST(min(i.accepted) AS VARCHAR) AS accepted, CAST(min(i.incubating) AS VARCHAR) AS incubating,
       CAST(min(i.graduated) AS VARCHAR) AS graduated, CAST(min(i.archived) AS VARCHAR) AS archived
FROM landscape_items i JOIN latest l ON l.key = ${ITEM_KEY.replace(/name/g, "i.name")}
-- why: only CNCF projects have a maturity path to draw
WHERE l.maturity IS NOT NULL
GROUP BY l.name, l.category, l.maturity
HAVING min(i.accepted) IS NOT NULL
ORDER BY min(i.accepted), l.name`;

/**
 * One snapshot's entries as the explorer gets them: exactly what `kube-census landscape` filters
 * (maturity resolved, in its order), without the repository and YAML path. Descriptions are kept
 * whole (18 KB more in the newest snapshot), so a search finds what the CLI's search finds; the
 * page inserts them as text only.
 */
export async function siteItems(
  conn: DuckDBConnection,
  snapshot: string,
): Promise<LandscapeItem[]> {
  return sortEntries(await snapshotEntries(conn, snapshot)).map(
    ({ path: _path, repo_url: _repo, ...entry }) => entry,
  );
}

/** The landscape pages' data files: snapshot list and counts, items per snapshot, the timeline, the book's stack today. */
export async function landscapeSiteData(conn: DuckDBConnection): Promise<Map<string, unknown>> {
  const files = new Map<string, unknown>();
  const snapshots = (await queryRows(conn, SNAPSHOTS_SQL)).map((r) => String(r.snapshot));
  files.set("landscape/overview.json", {
    snapshots,
    // The rows' shape is the SQL's.
    categoryCounts: (await queryRows(
      conn,
      CATEGORY_COUNTS_SQL,
    )) as unknown as LandscapeOverview["categoryCounts"],
  } satisfies Omit<LandscapeOverview, "provenance">);
  for (const snapshot of snapshots)
    files.set(`landscape/items-${snapshot}.json`, await siteItems(conn, snapshot));
  files.set(
    "landscape/timeline.json",
    (await queryRows(conn, TIMELINE_SQL)) as unknown as TimelineProject[],
  );
  files.set(
    "landscape/book.json",
    (await bookLandscape(conn, await readBookAliases(), defaultAliasesFile)) satisfies BookFile,
  );
  files.set("landscape/adoption.json", (await projectAdoption(conn)) satisfies AdoptionFile);
  return files;
}
