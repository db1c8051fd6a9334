// Project momentum: the GitHub facts of `momentum` at a snapshot, and their growth between two,
// read across a repository move but never across a fork or a replacement (momentum_breaks).
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { CensusError, echoed } from "../errors.ts";
import { nearest } from "../nearest.ts";
import { sameName, type MaturityFilter } from "./model.ts";
import { snapshotInForce } from "./snapshots.ts";

/** What the momentum rows can be sorted by (largest first). */
export const MOMENTUM_SORTS = ["stars", "contributors", "commits"] as const;
export type MomentumSort = (typeof MOMENTUM_SORTS)[number];

/** As `landscape`'s filter, without organizations (the processed files' are Crunchbase's). */
export interface MomentumFilter {
  category?: string;
  subcategory?: string;
  maturity?: MaturityFilter;
  /** Substring of the name or repository URL, any case. */
  search?: string;
}

export interface MomentumAtRow {
  snapshot: string;
  name: string;
  category: string;
  subcategory: string;
  maturity: string | null;
  repo_url: string;
  stars: number | null;
  contributors: number | null;
  commits_52w: number | null;
  first_commit: string | null;
  latest_commit: string | null;
  license: string | null;
  language: string | null;
}

export interface MomentumGrowthRow {
  from_snapshot: string;
  to_snapshot: string;
  name: string;
  category: string;
  subcategory: string;
  maturity: string | null;
  repo_url: string;
  stars_from: number | null;
  stars_to: number | null;
  stars_growth: number | null;
  stars_per_year: number | null;
  contributors_from: number | null;
  contributors_to: number | null;
  contributors_growth: number | null;
  contributors_per_year: number | null;
  commits_52w_from: number | null;
  commits_52w_to: number | null;
  /** The repository changes between the two snapshots, `kind: from → to`, joined by ` | `. */
  breaks: string | null;
}

const ROWS_SQL = `
SELECT CAST(snapshot AS VARCHAR) AS snapshot, item_key, name, category, subcategory, maturity,
       repo_url, stars, contributors, commits_52w, CAST(first_commit AS VARCHAR) AS first_commit,
       CAST(latest_commit AS VARCHAR) AS latest_commit, license, language
FROM momentum WHERE snapshot IN ($a::DATE, $b::DATE)`;

const BREAKS_SQL = `
SELECT item_key, CAST(from_snapshot AS VARCHAR) AS from_snapshot,
       CAST(to_snapshot AS VARCHAR) AS to_snapshot, from_repo, to_repo, kind
FROM momentum_breaks
WHERE from_snapshot >= $a::DATE AND to_snapshot <= $b::DATE
ORDER BY item_key, from_snapshot`;

/** The processed snapshots in `momentum`, oldest first. */
export async function momentumSnapshots(conn: DuckDBConnection): Promise<string[]> {
  const rows = await queryRows(
    conn,
    `SELECT DISTINCT CAST(snapshot AS VARCHAR) AS s FROM momentum ORDER BY s`,
  );
  if (rows.length === 0)
    throw new CensusError(
      "momentum is empty: no processed_landscape.yml snapshot was ingested. Run `kube-census fetch` and `kube-census ingest`.",
    );
  return rows.map((r) => String(r.s));
}

/** The snapshot in force at a date among the processed ones (the newest on or before it). */
export async function momentumSnapshotAt(
  conn: DuckDBConnection,
  date: string | undefined,
  option: string,
): Promise<string> {
  const snapshots = await momentumSnapshots(conn);
  return date === undefined ? snapshots.at(-1)! : snapshotInForce(snapshots, date, option);
}

function checkNames(rows: Record<string, unknown>[], filter: MomentumFilter, at: string): void {
  const unknown = (what: string, wanted: string, valid: string[]) => {
    const sorted = [...new Set(valid)].sort((a, b) => a.localeCompare(b));
    const hint = nearest(wanted, sorted, 1)[0];
    return new CensusError(
      `unknown ${what} "${echoed(wanted)}" at ${at}.${hint ? ` Did you mean "${hint}"?` : ""} Valid ${what} names: ${sorted.join("; ")}.`,
    );
  };
  if (filter.category !== undefined && !rows.some((r) => sameName(r.category, filter.category!)))
    throw unknown(
      "category",
      filter.category,
      rows.map((r) => String(r.category)),
    );
  if (filter.subcategory !== undefined) {
    const inCategory = rows.filter(
      (r) => filter.category === undefined || sameName(r.category, filter.category),
    );
    if (!inCategory.some((r) => sameName(r.subcategory, filter.subcategory!)))
      throw unknown(
        "subcategory",
        filter.subcategory,
        inCategory.map((r) => String(r.subcategory)),
      );
  }
}

const matches = (r: Record<string, unknown>, f: MomentumFilter) => {
  const q = f.search?.toLowerCase();
  return (
    (f.category === undefined || sameName(r.category, f.category)) &&
    (f.subcategory === undefined || sameName(r.subcategory, f.subcategory)) &&
    (f.maturity === undefined || (r.maturity ?? "none") === f.maturity) &&
    (q === undefined ||
      String(r.name).toLowerCase().includes(q) ||
      String(r.repo_url).toLowerCase().includes(q))
  );
};

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const SORT_COLUMN: Record<MomentumSort, string> = {
  stars: "stars",
  contributors: "contributors",
  commits: "commits_52w",
};

/** Largest first, unknown last, then by name. */
function byMeasure(column: string) {
  return (p: object, q: object) => {
    const [a, b] = [p as Record<string, unknown>, q as Record<string, unknown>];
    const [x, y] = [num(a[column]), num(b[column])];
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return y - x;
    }
    return String(a.name).toLowerCase() < String(b.name).toLowerCase() ? -1 : 1;
  };
}

/** Items with GitHub facts at one processed snapshot that pass the filter, largest first. */
export async function momentumAt(
  conn: DuckDBConnection,
  snapshot: string,
  filter: MomentumFilter = {},
  sort: MomentumSort = "stars",
): Promise<MomentumAtRow[]> {
  const rows = await queryRows(conn, ROWS_SQL, { a: snapshot, b: snapshot });
  checkNames(rows, filter, `snapshot ${snapshot}`);
  return rows
    .filter((r) => matches(r, filter))
    .sort(byMeasure(SORT_COLUMN[sort]))
    .map((r) => ({
      snapshot: String(r.snapshot),
      name: String(r.name),
      category: String(r.category),
      subcategory: String(r.subcategory),
      maturity: (r.maturity as string | null) ?? null,
      repo_url: String(r.repo_url),
      stars: num(r.stars),
      contributors: num(r.contributors),
      commits_52w: num(r.commits_52w),
      first_commit: (r.first_commit as string | null) ?? null,
      latest_commit: (r.latest_commit as string | null) ?? null,
      license: (r.license as string | null) ?? null,
      language: (r.language as string | null) ?? null,
    }));
}

/** Days between two YYYY-MM-DD dates, in years of 365.25 days. */
export function yearsBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / (365.25 * 86_400_000);
}

/**
 * Growth of a count between two snapshots: absolute and per year (linear: the change divided by
 * the years between). Null when either end is unknown, or when `comparable` is false (a fork or
 * another repository in between: the difference would count no one's stars).
 */
export function growth(
  from: number | null,
  to: number | null,
  years: number,
  comparable: boolean,
): { growth: number | null; perYear: number | null } {
  if (!comparable || from === null || to === null || years <= 0)
    return { growth: null, perYear: null };
  return { growth: to - from, perYear: Math.round(((to - from) / years) * 10) / 10 };
}

/**
 * Items with GitHub facts at both snapshots, their counts at each and their growth, fastest
 * star growth first. Filters apply to the later snapshot's entry. Items at one snapshot only are
 * left out (`missing` counts them, per side).
 */
export async function momentumGrowth(
  conn: DuckDBConnection,
  from: string,
  to: string,
  filter: MomentumFilter = {},
  sort: MomentumSort = "stars",
): Promise<{ rows: MomentumGrowthRow[]; onlyFrom: number; onlyTo: number }> {
  if (from >= to)
    throw new CensusError(
      `momentum: --from ${from} must be an earlier snapshot than --to ${to} (the dates fall in these snapshots).`,
      2,
    );
  const rows = await queryRows(conn, ROWS_SQL, { a: from, b: to });
  const atTo = rows.filter((r) => r.snapshot === to);
  checkNames(atTo, filter, `snapshot ${to}`);
  const before = new Map(
    rows.filter((r) => r.snapshot === from).map((r) => [String(r.item_key), r]),
  );
  const breaks = new Map<string, Record<string, unknown>[]>();
  for (const b of await queryRows(conn, BREAKS_SQL, { a: from, b: to }))
    breaks.set(String(b.item_key), [...(breaks.get(String(b.item_key)) ?? []), b]);
  const years = yearsBetween(from, to);
  const kept = atTo.filter((r) => matches(r, filter));
  const onlyTo = kept.filter((r) => !before.has(String(r.item_key))).length;
  const present = new Set(atTo.map((r) => String(r.item_key)));
  const onlyFrom = [...before.entries()].filter(
    ([k, r]) => !present.has(k) && matches(r, filter),
  ).length;
  const out = kept.flatMap((r): MomentumGrowthRow[] => {
    const b = before.get(String(r.item_key));
    if (!b) return [];
    const changes = breaks.get(String(r.item_key)) ?? [];
    const comparable = changes.every((c) => c.kind === "moved");
    const stars = growth(num(b.stars), num(r.stars), years, comparable);
    const contributors = growth(num(b.contributors), num(r.contributors), years, comparable);
    return [
      {
        from_snapshot: from,
        to_snapshot: to,
        name: String(r.name),
        category: String(r.category),
        subcategory: String(r.subcategory),
        maturity: (r.maturity as string | null) ?? null,
        repo_url: String(r.repo_url),
        stars_from: num(b.stars),
        stars_to: num(r.stars),
        stars_growth: stars.growth,
        stars_per_year: stars.perYear,
        contributors_from: num(b.contributors),
        contributors_to: num(r.contributors),
        contributors_growth: contributors.growth,
        contributors_per_year: contributors.perYear,
        commits_52w_from: num(b.commits_52w),
        commits_52w_to: num(r.commits_52w),
        breaks: changes.length
          ? changes
              .map((c) => `${c.kind} ${c.to_snapshot}: ${c.from_repo} → ${c.to_repo}`)
              .join(" | ")
          : null,
      },
    ];
  });
  const column = sort === "commits" ? "commits_52w_to" : `${sort}_growth`;
  return { rows: out.sort(byMeasure(column)), onlyFrom, onlyTo };
}
