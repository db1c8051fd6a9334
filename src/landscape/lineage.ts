import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { ITEM_KEY } from "./filter.ts";
import { itemKey } from "./model.ts";

// Every item of every snapshot, with its resolved maturity and both keys.
const LANDSCAPE_NAMES_SQL = `
SELECT CAST(snapshot AS VARCHAR) AS snapshot, ${ITEM_KEY} AS item_key,
       regexp_replace(lower(name), '\\s+', '', 'g') AS match_key,
       min(name) AS name, max(maturity) AS maturity
FROM landscape_items
GROUP BY ALL`;

/** A book name's key: case and every space ignored ("Weave Net" = "WeaveNet"). */
export const matchKey = (name: string) => name.toLowerCase().replace(/\s+/g, "");

export interface Entry {
  name: string;
  maturity: string | null;
}

/** Every item of every snapshot, and the reviewed renames joining items into lineages. */
export class Landscape {
  readonly items = new Map<string, Map<string, Entry>>();
  readonly byMatchKey = new Map<string, Set<string>>();
  private readonly parent = new Map<string, string>();

  constructor(rows: Record<string, unknown>[]) {
    for (const r of rows) {
      const key = String(r.item_key);
      const perSnapshot = this.items.get(key) ?? new Map<string, Entry>();
      perSnapshot.set(String(r.snapshot), {
        name: String(r.name),
        maturity: (r.maturity as string) ?? null,
      });
      this.items.set(key, perSnapshot);
      const keys = this.byMatchKey.get(String(r.match_key)) ?? new Set<string>();
      this.byMatchKey.set(String(r.match_key), keys.add(key));
    }
  }

  /** Every snapshot date, oldest first. */
  snapshots(): string[] {
    return [...new Set([...this.items.values()].flatMap((m) => [...m.keys()]))].sort();
  }

  has(name: string): boolean {
    return this.items.has(itemKey(name));
  }

  /** The item's name in the last snapshot listing it. */
  displayName(key: string): string {
    const perSnapshot = this.items.get(key)!;
    return perSnapshot.get([...perSnapshot.keys()].sort().at(-1)!)!.name;
  }

  private root(key: string): string {
    const p = this.parent.get(key);
    return p === undefined || p === key ? key : this.root(p);
  }

  rename(from: string, to: string): void {
    this.parent.set(this.root(itemKey(from)), this.root(itemKey(to)));
  }

  lineage(key: string): string[] {
    const root = this.root(key);
    return [...this.items.keys()].filter((k) => this.root(k) === root);
  }

  /** The lineage's entry at a snapshot; if two names coexist there, the newer one (a rename target). */
  at(lineage: string[], snapshot: string): Entry | null {
    const present = lineage.filter((k) => this.items.get(k)!.has(snapshot));
    const firstSeen = (k: string) => [...this.items.get(k)!.keys()].sort()[0]!;
    present.sort((a, b) => firstSeen(b).localeCompare(firstSeen(a)) || a.localeCompare(b));
    return present.length ? this.items.get(present[0]!)!.get(snapshot)! : null;
  }

  seen(lineage: string[]): string[] {
    return lineage.flatMap((k) => [...this.items.get(k)!.keys()]).sort();
  }
}

/** Reads every item of every snapshot into a Landscape (no renames applied yet). */
export async function readLandscape(conn: DuckDBConnection): Promise<Landscape> {
  return new Landscape(await queryRows(conn, LANDSCAPE_NAMES_SQL));
}
