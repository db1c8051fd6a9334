// The Momentum page's data file: GitHub stars, contributors and 52-week commits per landscape item
// at each processed snapshot, summed per category, the repository breaks, and the survey × GitHub
// join of `momentum --adoption`. Read from the `momentum` tables only, which never hold Crunchbase
// or Yahoo Finance data (the loader drops those blocks as it reads).
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { momentumAdoption } from "../landscape/momentum-adoption.ts";
import { momentumSnapshots } from "../landscape/momentum.ts";
import type { MomentumFile } from "./site-data-types.ts";

// Each item under its newest name and category, so a series is one line however it was listed.
const ITEMS_SQL = `
SELECT item_key AS key, arg_max(name, snapshot) AS name, arg_max(category, snapshot) AS category,
       arg_max(maturity, snapshot) AS maturity,
       list(CAST(snapshot AS VARCHAR) ORDER BY snapshot) AS at,
       list(stars ORDER BY snapshot) AS stars,
       list(contributors ORDER BY snapshot) AS contributors,
       list(commits_52w ORDER BY snapshot) AS commits
FROM momentum GROUP BY item_key ORDER BY key`;

// The category an item had at that snapshot: the sums are the landscape's categories as they were.
const CATEGORIES_SQL = `
SELECT category, CAST(snapshot AS VARCHAR) AS snapshot, count(*)::INTEGER AS items,
       sum(stars)::BIGINT AS stars, sum(contributors)::BIGINT AS contributors
FROM momentum GROUP BY ALL ORDER BY category, snapshot`;

const BREAKS_SQL = `
SELECT item_key AS key, CAST(from_snapshot AS VARCHAR) AS from_snapshot,
       CAST(to_snapshot AS VARCHAR) AS to_snapshot, kind
FROM momentum_breaks ORDER BY key, from_snapshot`;

// The landscape's name of the item a survey product was matched to, for the link into the explorer.
const NAMES_SQL = `SELECT CAST(snapshot AS VARCHAR) AS snapshot, repo_url, name FROM momentum`;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** momentum.json, without its provenance (write-site-data.ts adds the part it needs). */
export async function momentumSiteData(
  conn: DuckDBConnection,
): Promise<Omit<MomentumFile, "provenance">> {
  const snapshots = await momentumSnapshots(conn);
  const items = (await queryRows(conn, ITEMS_SQL)).map((r) => {
    // One value per snapshot, null where the item had no GitHub facts then.
    const at = (r.at as string[]).map(String);
    const series = (values: unknown) =>
      snapshots.map((s) => {
        const i = at.indexOf(s);
        return i < 0 ? null : num((values as unknown[])[i]);
      });
    return {
      key: String(r.key),
      name: String(r.name),
      category: String(r.category),
      maturity: (r.maturity as string | null) ?? null,
      stars: series(r.stars),
      contributors: series(r.contributors),
      commits_52w: series(r.commits),
    };
  });
  const categories = (await queryRows(conn, CATEGORIES_SQL)).map((r) => ({
    category: String(r.category),
    snapshot: String(r.snapshot),
    items: Number(r.items),
    stars: Number(r.stars ?? 0),
    contributors: Number(r.contributors ?? 0),
  }));
  const breaks = (await queryRows(conn, BREAKS_SQL)).map((r) => ({
    key: String(r.key),
    from_snapshot: String(r.from_snapshot),
    to_snapshot: String(r.to_snapshot),
    kind: String(r.kind),
  }));
  const { rows, correlations } = await momentumAdoption(conn);
  const names = new Map(
    (await queryRows(conn, NAMES_SQL)).map((r) => [
      `${r.snapshot}\u0000${r.repo_url}`,
      String(r.name),
    ]),
  );
  const adoption = rows.map((r) => ({
    ...r,
    landscape_name:
      r.repo_url === null ? null : (names.get(`${r.github_snapshot}\u0000${r.repo_url}`) ?? null),
  }));
  return { snapshots, items, categories, breaks, adoption, correlations };
}
