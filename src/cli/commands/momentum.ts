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
import { momentumAdoption } from "../../landscape/momentum-adoption.ts";
import { pct } from "../../render/format.ts";
import { toCsv, toTable, writeRows, type OutputFormat } from "../../render/output.ts";
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
  adoption?: boolean;
}

const ADOPTION_TABLE = [
  "question",
  "year",
  "project",
  "n",
  "production",
  "production_interval",
  "evaluating",
  "github_snapshot",
  "stars",
  "contributors",
  "commits_52w",
];

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

/**
 * `kube-census momentum`: landscape items' GitHub facts at one processed snapshot (--at), or
 * their growth between two (--from --to), filtered like `landscape`.
 */
export async function run(
  opts: MomentumOptions,
  format: OutputFormat,
  databasePath?: string,
): Promise<void> {
  if (opts.adoption) {
    const others = Object.entries(opts).filter(([k, v]) => k !== "adoption" && v !== undefined);
    if (others.length)
      throw usage(
        `--adoption takes no other option (got ${others.map(([k]) => `--${k}`).join(", ")}).`,
      );
    const db = await openDatabase(databasePath);
    try {
      return await runAdoption(await momentumAdoption(db.conn), format);
    } finally {
      db.close();
    }
  }
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
      return writeRows(
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
    writeRows(
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

/**
 * The rows' notes, once each with the years they hold for, and what the table leaves out: a
 * summary-only year's service mesh, storage, ingress and CI/CD summaries (only its project
 * matrix is read), and the GitHub facts of surveys no processed snapshot precedes closely.
 */
function notesBlock(rows: Awaited<ReturnType<typeof momentumAdoption>>["rows"]): string {
  const notes = new Map<string, Set<string>>();
  for (const r of rows)
    if (r.note) notes.set(r.note, (notes.get(r.note) ?? new Set()).add(`${r.question} ${r.year}`));
  const without = [...new Set(rows.filter((r) => r.github_snapshot === null).map((r) => r.year))];
  return (
    [...notes].map(([note, where]) => `\nNote (${[...where].join(", ")}): ${note}.`).join("") +
    (without.length
      ? `\n${without.join(", ")}: no processed landscape snapshot within 183 days before the reference date, so no GitHub facts and no correlation.`
      : "") +
    `\nA summary-only year (2021) enters with its CNCF project matrix only (published Total rows); ` +
    `its service mesh, storage, ingress and CI/CD summaries are asked of filtered answerers and are not read here.\n`
  );
}

/** `momentum --adoption`: the survey × GitHub table, then the rank correlations per year. */
function runAdoption(
  result: Awaited<ReturnType<typeof momentumAdoption>>,
  format: OutputFormat,
): void {
  if (format === "json") {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const rows = result.rows as unknown as Record<string, unknown>[];
  if (format === "csv") {
    process.stdout.write(toCsv(rows));
    return;
  }
  const shown = result.rows.map((r) => ({
    ...r,
    production: `${r.production}/${r.n} = ${pct(r.production_share)}`,
    production_interval: `${pct(r.production_low)}–${pct(r.production_high)}`,
    evaluating: r.evaluating_share === null ? "" : pct(r.evaluating_share),
  }));
  const rho = (v: number | null) => (v === null ? "" : v.toFixed(2));
  const correlations = result.correlations.map((c) => ({
    ...c,
    rho: rho(c.rho),
    interval: c.low === null ? "" : `${rho(c.low)} to ${rho(c.high)}`,
  }));
  process.stdout.write(
    `Survey production use of each product of the CNCF project, service mesh and storage matrices (share of those answering its row) and the ingress and CI/CD lists (share of those answering the list who chose it; no evaluating level), with 95% Wilson ` +
      `intervals, beside its GitHub facts in the processed snapshot on or before the survey.\n\n` +
      toTable(shown as unknown as Record<string, unknown>[], ADOPTION_TABLE) +
      `\nSpearman rank correlation across the products with both, per matrix and survey year (4 products at least) (95% Fisher-z interval)\n\n` +
      toTable(correlations as unknown as Record<string, unknown>[], [
        "question",
        "year",
        "survey_measure",
        "github_measure",
        "projects",
        "rho",
        "interval",
      ]) +
      notesBlock(result.rows) +
      `\n2018's rows count those who ticked production or evaluating, so its evaluating share is ` +
      `one minus production. Self-selected, unweighted samples and a few dozen projects: an ` +
      `association across projects, not evidence that stars cause use or use causes stars.\n`,
  );
}
