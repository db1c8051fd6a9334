// The landscape model the CLI and the site share — browser-safe (no Node, no DuckDB): how an
// item is recognised, how its maturity is resolved over its entries, which entries a filter keeps,
// how they are counted, sorted and compared between snapshots. `kube-census landscape` reads a
// snapshot's entries from DuckDB and applies these; the site's explorer applies the same functions
// to the same entries written at build, so the two cannot disagree.
import { itemKey } from "../ingest/landscape/item-key.ts";

// The item key is defined once, where the flow first needs it (the momentum loader reads it too).
export { itemKey };

/** CNCF maturities in the order every table, count and palette uses; `none`: not a CNCF project. */
export const MATURITY_ORDER = ["graduated", "incubating", "sandbox", "archived", "none"] as const;
export type MaturityFilter = (typeof MATURITY_ORDER)[number];
export const maturityFilters = MATURITY_ORDER;

/** Which entries of a snapshot to keep; every field is optional and they combine with AND. */
export interface LandscapeFilter {
  /** Exact category name, any case. */
  category?: string;
  /** Exact subcategory name, any case. */
  subcategory?: string;
  maturity?: MaturityFilter;
  /** Organization slug (from the crunchbase URL), exact, any case. */
  org?: string;
  /** Substring of the name or description, any case (plain text: % and _ are themselves). */
  search?: string;
}

/** One landscape entry of one snapshot, its maturity resolved over the item's entries. */
export interface LandscapeEntry {
  snapshot: string;
  category: string;
  subcategory: string;
  name: string;
  /** The item's CNCF maturity; null when it is not a CNCF project. */
  maturity: string | null;
  organization: string | null;
  homepage_url: string | null;
  repo_url?: string | null;
  description: string | null;
  /** Where the YAML lists it, to order entries that share a name and place. */
  path?: string;
}

/** Code-unit order, as DuckDB sorts VARCHAR, so the CLI's tables keep their order. */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Gives every entry of an item the maturity and the organization its entries carry: a project
 * listed in several places carries them on one entry only (Prometheus's CNAI entry, 2024-12-31,
 * has neither; Grafana's second entry there has no organization). No snapshot gives one item two
 * different maturities or two different organizations (checked on the real data: 29 items listed
 * twice miss the organization on one entry, none disagree), so the greatest non-null value is
 * the one — a rule that stays deterministic should a snapshot ever disagree. Entries of several
 * snapshots are resolved per snapshot.
 */
export function resolveEntries<T extends LandscapeEntry>(entries: T[]): T[] {
  const maturity = new Map<string, string>();
  const organization = new Map<string, string>();
  const keyOf = (e: T) => `${e.snapshot}\u0000${itemKey(e.name)}`;
  const keep = (found: Map<string, string>, key: string, value: string | null) => {
    const seen = found.get(key);
    if (value !== null && (seen === undefined || value > seen)) found.set(key, value);
  };
  for (const e of entries) {
    keep(maturity, keyOf(e), e.maturity);
    keep(organization, keyOf(e), e.organization);
  }
  return entries.map((e) => ({
    ...e,
    maturity: maturity.get(keyOf(e)) ?? null,
    organization: organization.get(keyOf(e)) ?? null,
  }));
}

/** A name as a filter matches it: exactly, but in any case. */
export const sameName = (a: unknown, b: string) =>
  typeof a === "string" && a.toLowerCase() === b.toLowerCase();

/** Whether a (resolved) entry passes the filter. */
export function matchesFilter(e: LandscapeEntry, f: LandscapeFilter): boolean {
  const q = f.search?.toLowerCase();
  return (
    (f.category === undefined || sameName(e.category, f.category)) &&
    (f.subcategory === undefined || sameName(e.subcategory, f.subcategory)) &&
    (f.maturity === undefined || (e.maturity ?? "none") === f.maturity) &&
    (f.org === undefined || sameName(e.organization, f.org)) &&
    (q === undefined ||
      e.name.toLowerCase().includes(q) ||
      (e.description ?? "").toLowerCase().includes(q))
  );
}

/** Entries in table order: category, subcategory, name (case ignored first), place in the YAML. */
export function sortEntries<T extends LandscapeEntry>(entries: T[]): T[] {
  return [...entries].sort(
    (a, b) =>
      byText(a.category, b.category) ||
      byText(a.subcategory, b.subcategory) ||
      byText(a.name.toLowerCase(), b.name.toLowerCase()) ||
      byText(a.name, b.name) ||
      byText(a.path ?? "", b.path ?? ""),
  );
}

/** What `landscape --count-by` counts by (the CLI's parser, validation and help read this list). */
export const countKeys = ["category", "subcategory", "maturity", "org"] as const;
export type CountKey = (typeof countKeys)[number];
export interface CountRow {
  snapshot: string;
  category?: string;
  subcategory?: string;
  maturity?: string;
  /** The item's resolved organization; null for items no entry names one for. */
  organization?: string | null;
  items: number;
}

/**
 * Items (not entries: an item listed twice in one group counts once there) per category (most
 * first), per subcategory (by category, then most first), per maturity (in MATURITY_ORDER) or
 * per organization (most first, then by name; items with none last).
 */
export function countEntries(entries: LandscapeEntry[], by: CountKey): CountRow[] {
  const groups = new Map<string, { row: CountRow; keys: Set<string> }>();
  for (const e of entries) {
    const fields =
      by === "category"
        ? { category: e.category }
        : by === "subcategory"
          ? { category: e.category, subcategory: e.subcategory }
          : by === "maturity"
            ? { maturity: e.maturity ?? "none" }
            : { organization: e.organization };
    const id = `${e.snapshot}\u0000${Object.values(fields).join("\u0000")}`;
    const group = groups.get(id) ?? {
      row: { snapshot: e.snapshot, ...fields, items: 0 },
      keys: new Set(),
    };
    group.keys.add(itemKey(e.name));
    groups.set(id, group);
  }
  const rows = [...groups.values()].map(({ row, keys }) => ({ ...row, items: keys.size }));
  const rank = (m?: string) => MATURITY_ORDER.indexOf(m as MaturityFilter);
  return rows.sort((a, b) =>
    by === "org"
      ? Number(a.organization == null) - Number(b.organization == null) ||
        b.items - a.items ||
        byText(a.organization ?? "", b.organization ?? "")
      : by === "category"
        ? b.items - a.items || byText(a.category!, b.category!)
        : by === "subcategory"
          ? byText(a.category!, b.category!) ||
            b.items - a.items ||
            byText(a.subcategory!, b.subcategory!)
          : rank(a.maturity) - rank(b.maturity),
  );
}

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

interface Item {
  name: string;
  place: string;
  maturity: string;
}

/** One row per item of a snapshot: its smallest name, every place, its maturity. */
function items(entries: LandscapeEntry[], keep: Set<string>): Map<string, Item> {
  const grouped = new Map<string, { names: string[]; places: Set<string>; maturity: string }>();
  for (const e of entries) {
    const key = itemKey(e.name);
    if (!keep.has(key)) continue;
    const g = grouped.get(key) ?? { names: [], places: new Set(), maturity: "none" };
    g.names.push(e.name);
    g.places.add(`${e.category} / ${e.subcategory}`);
    if (e.maturity !== null) g.maturity = e.maturity;
    grouped.set(key, g);
  }
  return new Map(
    [...grouped].map(([key, g]) => [
      key,
      {
        name: g.names.sort(byText)[0]!,
        place: [...g.places].sort(byText).join("; "),
        maturity: g.maturity,
      },
    ]),
  );
}

/**
 * Items added, removed, moved (their set of places changed) and changed in maturity between two
 * snapshots' resolved entries, matched by itemKey; an item both moved and re-graded has two rows.
 * An item is in the diff if it passes the filter in either snapshot, so moving out of a category
 * or losing a maturity still shows under that category or maturity.
 */
export function diffEntries(
  from: string,
  before: LandscapeEntry[],
  to: string,
  after: LandscapeEntry[],
  filter: LandscapeFilter = {},
): LandscapeChangeRow[] {
  const keep = new Set(
    [...before, ...after].filter((e) => matchesFilter(e, filter)).map((e) => itemKey(e.name)),
  );
  const b = items(before, keep);
  const a = items(after, keep);
  const row = (change: LandscapeChangeRow["change"], x?: Item, y?: Item): LandscapeChangeRow => ({
    from_snapshot: from,
    to_snapshot: to,
    change,
    name: (y ?? x)!.name,
    place_before: x?.place ?? null,
    place_after: y?.place ?? null,
    maturity_before: x?.maturity ?? null,
    maturity_after: y?.maturity ?? null,
  });
  const rows: LandscapeChangeRow[] = [];
  for (const [key, y] of a) if (!b.has(key)) rows.push(row("added", undefined, y));
  for (const [key, x] of b) if (!a.has(key)) rows.push(row("removed", x));
  for (const [key, x] of b) {
    const y = a.get(key);
    if (y && x.place !== y.place) rows.push(row("moved", x, y));
  }
  for (const [key, x] of b) {
    const y = a.get(key);
    if (y && x.maturity !== y.maturity) rows.push(row("maturity", x, y));
  }
  return rows.sort(
    (p, q) =>
      changeKinds.indexOf(p.change) - changeKinds.indexOf(q.change) ||
      byText(p.name.toLowerCase(), q.name.toLowerCase()) ||
      byText(p.name, q.name),
  );
}
