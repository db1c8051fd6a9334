import type { DuckDBConnection } from "@duckdb/node-api";
import { landscapeDiff } from "../../landscape/diff.ts";
import type { LandscapeFilter } from "../../landscape/model.ts";
import { landscapeCounts, landscapeItems } from "../../landscape/query.ts";
import { isoDate, landscapeSnapshots, snapshotInForce } from "../../landscape/snapshots.ts";
import { openDatabase } from "../../db/open.ts";
import { echoed } from "../../errors.ts";
import { writeRows, type OutputFormat } from "../../render/output.ts";
import { checkModes, type LandscapeOptions } from "./landscape-options.ts";

export { landscapeOptions, type LandscapeOptions } from "./landscape-options.ts";

const ITEM_TABLE = [
  "snapshot",
  "category",
  "subcategory",
  "name",
  "maturity",
  "organization",
  "homepage_url",
];
const ITEM_COLUMNS = [...ITEM_TABLE, "repo_url", "description"];
const DIFF_TABLE = [
  "change",
  "name",
  "place_before",
  "place_after",
  "maturity_before",
  "maturity_after",
];
const DIFF_COLUMNS = ["from_snapshot", "to_snapshot", ...DIFF_TABLE];

const filterOf = (opts: LandscapeOptions): LandscapeFilter => ({
  category: opts.category,
  subcategory: opts.subcategory,
  maturity: opts.maturity,
  org: opts.org,
  search: opts.search,
});

/** The filters in words, for "no items match" lines. */
function describe(filter: LandscapeFilter): string {
  const parts = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `--${k} ${JSON.stringify(echoed(String(v)))}`);
  return parts.length ? ` ${parts.join(" ")}` : "";
}

async function runDiff(
  conn: DuckDBConnection,
  opts: LandscapeOptions,
  format: OutputFormat,
): Promise<void> {
  const [a, b] = opts.diff!;
  const snapshots = await landscapeSnapshots(conn);
  const from = snapshotInForce(snapshots, a, "--diff");
  const to = snapshotInForce(snapshots, b, "--diff");
  const filter = filterOf(opts);
  const rows = await landscapeDiff(conn, from, to, filter);
  if (format === "table") {
    const counts = ["added", "removed", "moved", "maturity"].map(
      (c) => `${rows.filter((r) => r.change === c).length} ${c}`,
    );
    const same = from === to ? ": both dates fall in the same snapshot" : `: ${counts.join(", ")}`;
    process.stderr.write(
      `changes from snapshot ${from} (in force at ${isoDate(a, "--diff")}) to ${to} (in force at ${isoDate(b, "--diff")})${same}\n`,
    );
  }
  const empty = `no changes match${describe(filter)} between snapshots ${from} and ${to}`;
  writeRows(rows as unknown as Record<string, unknown>[], format, DIFF_COLUMNS, DIFF_TABLE, empty);
}

async function runItems(
  conn: DuckDBConnection,
  opts: LandscapeOptions,
  format: OutputFormat,
): Promise<void> {
  const snapshots = await landscapeSnapshots(conn);
  const snapshot = opts.at ? snapshotInForce(snapshots, opts.at) : snapshots.at(-1)!;
  const filter = filterOf(opts);
  const empty = `no items match${describe(filter)} at snapshot ${snapshot}`;
  if (opts.countBy) {
    const rows = (await landscapeCounts(conn, snapshot, opts.countBy, filter)).map((r) => ({
      ...r,
    }));
    const field = opts.countBy === "org" ? "organization" : opts.countBy;
    const columns = Object.keys(rows[0] ?? { snapshot: 0, [field]: 0, items: 0 });
    if (opts.countBy === "subcategory" && rows.length === 0) columns.splice(1, 0, "category");
    return writeRows(rows, format, columns, columns, empty);
  }
  const rows = await landscapeItems(conn, snapshot, filter);
  writeRows(rows as unknown as Record<string, unknown>[], format, ITEM_COLUMNS, ITEM_TABLE, empty);
}

/**
 * `kube-census landscape`: items of one snapshot (filtered, or counted), the changes between two
 * snapshots, the book's 2020 stack today (--book), or survey adoption beside maturity (--adoption).
 * `databasePath` defaults to KUBE_CENSUS_DB / data/census.duckdb (tests pass their own).
 */
export async function run(
  opts: LandscapeOptions,
  format: OutputFormat,
  databasePath?: string,
): Promise<void> {
  checkModes(opts);
  const db = await openDatabase(databasePath);
  try {
    if (opts.book) return await (await import("./landscape-book.ts")).runBook(db.conn, format);
    if (opts.adoption)
      return await (await import("./landscape-adoption.ts")).runAdoption(db.conn, format);
    if (opts.diff) return await runDiff(db.conn, opts, format);
    await runItems(db.conn, opts, format);
  } finally {
    db.close();
  }
}
