import { openDatabase } from "../../db/open.ts";
import { CensusError } from "../../errors.ts";
import type { MaturityFilter } from "../../landscape/model.ts";
import {
  momentumAt,
  momentumGrowth,
  momentumSnapshotAt,
  type MomentumFilter,
  type MomentumSort,
} from "../../landscape/momentum.ts";
import { isoDate } from "../../landscape/snapshots.ts";
import { render, terminalText, toCsv, toTable, type OutputFormat } from "../../render/output.ts";
import { commandUsage } from "../commands.ts";

export interface MomentumOptions {
  category?: string;
  subcategory?: string;
  /** The parser has checked it against MATURITY_ORDER. */
  maturity?: string;
  search?: string;
  at?: string;
  from?: string;
  to?: string;
  /** The parser has checked it against MOMENTUM_SORTS. */
  sort?: string;
}

const AT_COLUMNS = [
  "snapshot",
  "name",
  "category",
  "subcategory",
  "maturity",
  "repo_url",
  "stars",
  "contributors",
  "commits_52w",
  "first_commit",
  "latest_commit",
  "license",
  "language",
];
const AT_TABLE = [
  "name",
  "subcategory",
  "maturity",
  "stars",
  "contributors",
  "commits_52w",
  "latest_commit",
  "language",
];
const GROWTH_COLUMNS = [
  "from_snapshot",
  "to_snapshot",
  "name",
  "category",
  "subcategory",
  "maturity",
  "repo_url",
  "stars_from",
  "stars_to",
  "stars_growth",
  "stars_per_year",
  "contributors_from",
  "contributors_to",
  "contributors_growth",
  "contributors_per_year",
  "commits_52w_from",
  "commits_52w_to",
  "breaks",
];
const GROWTH_TABLE = [
  "name",
  "maturity",
  "stars_from",
  "stars_to",
  "stars_per_year",
  "contributors_from",
  "contributors_to",
  "contributors_per_year",
  "breaks",
];

const usage = (message: string) =>
  new CensusError(`momentum: ${message}\n\n${commandUsage("momentum").trimEnd()}`, 2);

function write(
  rows: Record<string, unknown>[],
  format: OutputFormat,
  columns: string[],
  tableColumns: string[],
  empty: string,
): void {
  if (format === "table") {
    if (rows.length === 0) process.stderr.write(`${terminalText(empty)}\n`);
    else process.stdout.write(toTable(rows, tableColumns));
  } else if (format === "csv") process.stdout.write(toCsv(rows, columns));
  else
    process.stdout.write(
      render(
        rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))),
        "json",
      ),
    );
}

/**
 * `kube-census momentum`: landscape items' GitHub facts at one processed snapshot (--at), or
 * their growth between two (--from --to), filtered like `landscape`.
 */
export async function run(
  opts: MomentumOptions,
  format: OutputFormat,
  databasePath?: string,
): Promise<void> {
  if (opts.at !== undefined && (opts.from !== undefined || opts.to !== undefined))
    throw usage("--at reads one snapshot, --from/--to compare two; give one or the other.");
  if ((opts.from === undefined) !== (opts.to === undefined))
    throw usage("growth needs both --from <date> and --to <date>.");
  for (const [option, value] of [
    ["--at", opts.at],
    ["--from", opts.from],
    ["--to", opts.to],
  ] as const)
    if (value !== undefined) isoDate(value, option);
  const filter: MomentumFilter = {
    category: opts.category,
    subcategory: opts.subcategory,
    maturity: opts.maturity as MaturityFilter | undefined,
    search: opts.search,
  };
  const sort = (opts.sort ?? "stars") as MomentumSort;
  const db = await openDatabase(databasePath);
  try {
    if (opts.from !== undefined) {
      const from = await momentumSnapshotAt(db.conn, opts.from, "--from");
      const to = await momentumSnapshotAt(db.conn, opts.to, "--to");
      const { rows, onlyFrom, onlyTo } = await momentumGrowth(db.conn, from, to, filter, sort);
      if (format === "table")
        process.stderr.write(
          `growth from snapshot ${from} to ${to}: ${rows.length} items at both, ${onlyFrom} at ${from} only, ${onlyTo} at ${to} only; per year = change / ${((Date.parse(to) - Date.parse(from)) / (365.25 * 86_400_000)).toFixed(2)} years\n`,
        );
      const empty = `no items match at both snapshots ${from} and ${to}`;
      return write(
        rows as unknown as Record<string, unknown>[],
        format,
        GROWTH_COLUMNS,
        GROWTH_TABLE,
        empty,
      );
    }
    const snapshot = await momentumSnapshotAt(db.conn, opts.at, "--at");
    const rows = await momentumAt(db.conn, snapshot, filter, sort);
    if (format === "table")
      process.stderr.write(
        `processed landscape snapshot ${snapshot}: ${rows.length} items with GitHub facts\n`,
      );
    write(
      rows as unknown as Record<string, unknown>[],
      format,
      AT_COLUMNS,
      AT_TABLE,
      `no items match at snapshot ${snapshot}`,
    );
  } finally {
    db.close();
  }
}
