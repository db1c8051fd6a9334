import { describe, expect, it } from "vitest";
import { landscapeCounts, landscapeItems } from "../../src/landscape/query.ts";
import {
  countEntries,
  matchesFilter,
  type LandscapeEntry,
  type LandscapeFilter,
} from "../../src/landscape/model.ts";
import { siteItems } from "../../src/site/landscape-data.ts";
import { landscapeSnapshots } from "../../src/landscape/snapshots.ts";
import { guardDatabases, realDatabase, withDatabase } from "../support/databases.ts";

/**
 * The site's landscape explorer filters the items files written at build (siteItems) with the shared
 * functions of src/render/landscape.ts; `kube-census landscape` filters the database's entries
 * with the same functions. These tests run the same filters down both paths and compare.
 */
const FILTERS: LandscapeFilter[] = [
  {},
  { maturity: "graduated" },
  { maturity: "none" },
  { maturity: "sandbox", search: "mesh" },
  { search: "storage" },
  { search: "%" },
];

describe.each(guardDatabases)("the landscape on the %s: CLI and site paths agree", (_n, path) => {
  it("for every snapshot and filter: the same entries, maturities and counts", async () => {
    await withDatabase(path, async (_q, db) => {
      const all = await landscapeSnapshots(db.conn);
      expect(all.length).toBeGreaterThan(2);
      // The first, a middle and the newest snapshot: layouts and names changed between them.
      const snapshots = [...new Set([all[0]!, all[Math.floor(all.length / 2)]!, all.at(-1)!])];
      for (const snapshot of snapshots) {
        const items: LandscapeEntry[] = await siteItems(db.conn, snapshot);
        const categories = [...new Set(items.map((i) => i.category))].slice(0, 3);
        const filters = [...FILTERS, ...categories.map((category) => ({ category }))];
        for (const filter of filters) {
          const label = `${snapshot} ${JSON.stringify(filter)}`;
          const cli = await landscapeItems(db.conn, snapshot, filter);
          const shown = items.filter((i) => matchesFilter(i, filter));
          const key = (e: Omit<LandscapeEntry, "path">) =>
            [e.category, e.subcategory, e.name, e.maturity ?? "none"].join(" › ");
          expect(shown.map(key), label).toEqual(cli.map(key));
          expect(countEntries(shown, "maturity"), label).toEqual(
            await landscapeCounts(db.conn, snapshot, "maturity", filter),
          );
        }
      }
    });
  });
});

describe.skipIf(!realDatabase)("maturities the site once showed differently from the CLI", () => {
  // Each was listed in two places with its maturity on one entry only; the site read the entry.
  it.each([
    ["2022-12-31", "Krustlet"],
    ["2024-12-31", "Prometheus"],
    ["2025-12-31", "Prometheus"],
    ["2026-08-07", "Kgateway"],
  ])("%s %s: every entry carries the item's maturity", async (snapshot, name) => {
    await withDatabase(realDatabase, async (q, db) => {
      const raw = await q(
        `SELECT DISTINCT maturity FROM landscape_items WHERE snapshot = $s::DATE AND lower(name) = lower($n)`,
        { s: snapshot, n: name },
      );
      // The raw entries disagree (one has a maturity, another none) …
      expect(raw.map((r) => r.maturity ?? "none").sort().length, "raw entries").toBeGreaterThan(1);
      const site: LandscapeEntry[] = await siteItems(db.conn, snapshot);
      const entries = site.filter((e) => e.name.toLowerCase() === name.toLowerCase());
      // … the site's entries all carry the one maturity the CLI prints.
      const cli = await landscapeItems(db.conn, snapshot, { search: name });
      const maturity = cli.find((e) => e.name.toLowerCase() === name.toLowerCase())!.maturity;
      expect(maturity).not.toBeNull();
      expect(entries.length).toBeGreaterThan(1);
      expect(new Set(entries.map((e) => e.maturity))).toEqual(new Set([maturity]));
    });
  });
});
