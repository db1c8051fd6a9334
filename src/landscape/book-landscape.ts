import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { CensusError } from "../errors.ts";
import { nearest } from "../nearest.ts";
import type { BookAliases, unmatchedKinds } from "./book-aliases.ts";
import { matchKey, readLandscape, type Landscape } from "./lineage.ts";
import { itemKey } from "./model.ts";
import { snapshotInForce } from "./snapshots.ts";

const BOOK_MOMENTUM_SQL = `
SELECT CAST(snapshot AS VARCHAR) AS snapshot, item_key, stars, contributors, commits_52w
FROM momentum
WHERE snapshot = (SELECT max(snapshot) FROM momentum WHERE snapshot <= $date::DATE)`;

/** The book describes mid-2020; its landscape is the snapshot in force on this date. */
export const BOOK_DATE = "2020-07-31";

/** One book entry beside the landscape item it names (one row per item when a cell names two). */
export interface BookMatchRow {
  source: "stack" | "platforms";
  /** The vendor table's layer, or the platform list's id. */
  layer: string;
  kind: "commercial" | "open source";
  book_name: string;
  vendor: string | null;
  /** How the item was found: its name (case and spaces aside), a reviewed alias, or not at all. */
  match: "exact" | "alias" | "none";
  landscape_name: string | null;
  /** The item's name in the newest snapshot, where a reviewed rename changed it. */
  name_today: string | null;
  cncf_status_2020: string | null;
  /** Maturity in the book's snapshot: a CNCF level, "none" (listed, not a CNCF project), null (not listed). */
  maturity_2020: string | null;
  maturity_today: string | null;
  status_today: "present" | "archived" | "gone" | "never";
  first_seen: string | null;
  last_seen: string | null;
  unmatched_kind: (typeof unmatchedKinds)[number] | null;
  reason: string | null;
  related: string | null;
  /**
   * GitHub facts of an open-source entry's item in the processed snapshot in force at the book's
   * date (2020-07-31, `momentum`); null for commercial entries and items without a repository.
   */
  stars_2020: number | null;
  contributors_2020: number | null;
  commits_52w_2020: number | null;
}

export interface MatchRate {
  source: string;
  kind: string;
  matched: number;
  total: number;
  rate: number;
}

export interface BookLandscape {
  bookSnapshot: string;
  /** The processed snapshot the GitHub facts come from; null when `momentum` is empty. */
  momentumSnapshot: string | null;
  newest: string;
  rows: BookMatchRow[];
  rates: MatchRate[];
}

const BOOK_ENTRIES_SQL = `
SELECT source, layer, kind, name, vendor, cncf_status_2020
FROM (
  SELECT 1 AS part, rowid AS position, 'stack' AS source, layer, kind, name, vendor, cncf_status_2020
  FROM tns_stack
  UNION ALL
  -- the platform lists have no kind: an entry without a vendor is an upstream open source tool
  -- (Kubernetes, kubeadm, kops, kubespray, RKE in the ch. 1 upstream list)
  SELECT 2, rowid, 'platforms', list,
         CASE WHEN vendor IS NULL THEN 'open source' ELSE 'commercial' END, name, vendor, NULL
  FROM tns_platforms
)
ORDER BY part, position`;

/**
 * The GitHub facts in force at the book's date; none in a database built without processed
 * snapshots (a test's own, built from landscape.yml fixtures only).
 */
async function bookMomentum(conn: DuckDBConnection): Promise<Record<string, unknown>[]> {
  const [{ n }] = (await queryRows(
    conn,
    `SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'momentum'`,
  )) as [{ n: number }];
  return n ? queryRows(conn, BOOK_MOMENTUM_SQL, { date: BOOK_DATE }) : [];
}

/**
 * Checks the alias file against the book and the landscape: each alias and unmatched entry names
 * a book entry, once; every landscape name exists in some snapshot; no alias shadows an exact
 * match. All problems are reported together, each naming its entry.
 */
function checkAliases(
  aliases: BookAliases,
  bookNames: Set<string>,
  landscape: Landscape,
  file: string,
) {
  const problems: string[] = [];
  const at = (list: string, i: number, book?: string) =>
    `${list}[${i}] (entry ${i + 1}${book ? `, "${book}"` : ""})`;
  const candidates = () => [...landscape.items.keys()].map((k) => landscape.displayName(k));
  const known = (where: string, name: string) => {
    if (!landscape.has(name))
      problems.push(
        `${where}: "${name}" is in no landscape snapshot; nearest: ${nearest(name, candidates(), 3).join("; ")}`,
      );
  };
  const claimed = new Map<string, string>();
  const claim = (where: string, book: string) => {
    if (!bookNames.has(book))
      problems.push(`${where}: "${book}" is in neither tns_stack nor tns_platforms`);
    const first = claimed.get(book);
    if (first) problems.push(`${where}: "${book}" is already reviewed in ${first}`);
    else claimed.set(book, where);
  };
  aliases.aliases.forEach((a, i) => {
    const where = at("aliases", i, a.book);
    claim(where, a.book);
    for (const target of a.landscape) known(where, target);
    const exact = landscape.byMatchKey.get(matchKey(a.book));
    if (exact)
      problems.push(
        `${where}: never used, "${a.book}" matches the item "${landscape.displayName([...exact][0]!)}" by name`,
      );
  });
  aliases.renames.forEach((r, i) => {
    const where = at("renames", i);
    known(where, r.from);
    known(where, r.to);
    if (itemKey(r.from) === itemKey(r.to)) problems.push(`${where}: renames "${r.from}" to itself`);
  });
  aliases.unmatched.forEach((u, i) => {
    const where = at("unmatched", i, u.book);
    claim(where, u.book);
    if (u.related !== undefined) known(`${where}, related`, u.related);
  });
  if (problems.length)
    throw new CensusError(
      `${file}: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
}

function rates(rows: BookMatchRow[]): MatchRate[] {
  // One verdict per book entry, though a cell naming two items has two rows.
  const entries = new Map<string, BookMatchRow>();
  rows.forEach((r) =>
    entries.set(`${r.source}\u0000${r.layer}\u0000${r.kind}\u0000${r.book_name}`, r),
  );
  const groups = new Map<
    string,
    { source: string; kind: string; matched: number; total: number }
  >();
  for (const r of entries.values())
    for (const [source, kind] of [
      [r.source, r.kind],
      [r.source, "all"],
      ["all", r.kind],
      ["all", "all"],
    ] as const) {
      const g = groups.get(`${source}/${kind}`) ?? { source, kind, matched: 0, total: 0 };
      g.total += 1;
      g.matched += r.match === "none" ? 0 : 1;
      groups.set(`${source}/${kind}`, g);
    }
  const order = (v: string) =>
    ["stack", "platforms", "commercial", "open source", "all"].indexOf(v);
  return [...groups.values()]
    .sort((a, b) => order(a.source) - order(b.source) || order(a.kind) - order(b.kind))
    .map((g) => ({ ...g, rate: g.matched / g.total }));
}

/**
 * The book's 2020 stack today: every entry of `tns_stack` and `tns_platforms` matched to a
 * landscape item (by name, then by reviewed alias), with its maturity in the book's snapshot and
 * in the newest one, and whether it is still listed; plus the match rates per source and kind.
 */
export async function bookLandscape(
  conn: DuckDBConnection,
  aliases: BookAliases,
  aliasesFile: string,
): Promise<BookLandscape> {
  const [entries, landscape, github] = await Promise.all([
    queryRows(conn, BOOK_ENTRIES_SQL),
    readLandscape(conn),
    bookMomentum(conn),
  ]);
  const githubOf = new Map(github.map((g) => [String(g.item_key), g]));
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  checkAliases(aliases, new Set(entries.map((e) => String(e.name))), landscape, aliasesFile);
  for (const r of aliases.renames) landscape.rename(r.from, r.to);

  const snapshots = landscape.snapshots();
  const bookSnapshot = snapshotInForce(snapshots, BOOK_DATE);
  const newest = snapshots.at(-1)!;
  const aliasOf = new Map(aliases.aliases.map((a) => [a.book, a]));
  const unmatchedOf = new Map(aliases.unmatched.map((u) => [u.book, u]));

  const rows = entries.flatMap((e): BookMatchRow[] => {
    const name = String(e.name);
    const base = {
      source: e.source as BookMatchRow["source"],
      layer: String(e.layer),
      kind: e.kind as BookMatchRow["kind"],
      book_name: name,
      vendor: (e.vendor as string) ?? null,
      cncf_status_2020: (e.cncf_status_2020 as string) ?? null,
    };
    const review = unmatchedOf.get(name);
    const exact = review ? undefined : landscape.byMatchKey.get(matchKey(name));
    const alias = review || exact ? undefined : aliasOf.get(name);
    const targets = exact ? [...exact].sort() : (alias?.landscape.map(itemKey) ?? []);
    if (targets.length === 0)
      return [
        {
          ...base,
          match: "none",
          landscape_name: null,
          name_today: null,
          maturity_2020: null,
          maturity_today: null,
          status_today: "never",
          first_seen: null,
          last_seen: null,
          unmatched_kind: review?.kind ?? null,
          reason:
            review?.reason ??
            "not reviewed: add an alias or an unmatched entry to data/tns-2020/aliases.yml",
          related: review?.related ?? null,
          stars_2020: null,
          contributors_2020: null,
          commits_52w_2020: null,
        },
      ];
    return targets.map((key) => {
      const lineage = landscape.lineage(key);
      const then = landscape.at(lineage, bookSnapshot);
      const today = landscape.at(lineage, newest);
      const seen = landscape.seen(lineage);
      const landscapeName = landscape.displayName(key);
      // The item itself first, then the names its lineage had (a reviewed rename).
      const facts =
        base.kind === "open source"
          ? [key, ...lineage].map((k) => githubOf.get(k)).find((g) => g !== undefined)
          : undefined;
      return {
        ...base,
        match: exact ? "exact" : "alias",
        landscape_name: landscapeName,
        name_today: today && today.name !== landscapeName ? today.name : null,
        maturity_2020: then ? (then.maturity ?? "none") : null,
        maturity_today: today ? (today.maturity ?? "none") : null,
        status_today: !today ? "gone" : today.maturity === "archived" ? "archived" : "present",
        first_seen: seen[0] ?? null,
        last_seen: seen.at(-1) ?? null,
        unmatched_kind: null,
        reason: null,
        related: null,
        stars_2020: num(facts?.stars),
        contributors_2020: num(facts?.contributors),
        commits_52w_2020: num(facts?.commits_52w),
      };
    });
  });
  const momentumSnapshot = github.length ? String(github[0]!.snapshot) : null;
  return { bookSnapshot, momentumSnapshot, newest, rows, rates: rates(rows) };
}
