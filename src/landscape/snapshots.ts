import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { CensusError } from "../errors.ts";

const SNAPSHOTS_SQL = `
SELECT DISTINCT CAST(snapshot AS VARCHAR) AS snapshot
FROM landscape_items
ORDER BY snapshot`;

/** Every snapshot date in `landscape_items`, oldest first (YYYY-MM-DD). */
export async function landscapeSnapshots(conn: DuckDBConnection): Promise<string[]> {
  const rows = await queryRows(conn, SNAPSHOTS_SQL);
  if (rows.length === 0)
    throw new CensusError(
      "landscape_items is empty: no landscape snapshot was ingested. Run `kube-census ingest`.",
    );
  return rows.map((r) => String(r.snapshot));
}

/**
 * A calendar date written YYYY-MM-DD, returned as is; anything else (2020-7-31, 2020-02-30,
 * "yesterday") is a CensusError naming the option and the expected format.
 */
export function isoDate(text: string, option: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3]))
    throw new CensusError(
      `${option}: "${text}" is not a date; write it as YYYY-MM-DD, e.g. 2020-07-31.`,
      2,
    );
  return m[0];
}

/**
 * The snapshot in force at `date`: the newest one taken on or before it. A date before the
 * first snapshot is a CensusError listing the snapshot dates there are.
 */
export function snapshotInForce(
  snapshots: readonly string[],
  date: string,
  option = "--at",
): string {
  const day = isoDate(date, option);
  const inForce = snapshots.filter((s) => s <= day).at(-1);
  if (inForce === undefined)
    throw new CensusError(
      `${option} ${day} is before the first landscape snapshot (${snapshots[0]}). ` +
        `Snapshots: ${snapshots.join(", ")}.`,
    );
  return inForce;
}
