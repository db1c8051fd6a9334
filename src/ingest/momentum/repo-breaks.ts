import type { DuckDBConnection } from "@duckdb/node-api";
import { repoIdentity } from "./momentum-item.ts";

/** The facts of one item at one snapshot that tell whether its repository changed. */
export interface SeriesPoint {
  snapshot: string;
  name: string;
  repoUrl: string;
  stars: number | null;
  firstCommitSha: string | null;
}

export type BreakKind = "moved" | "forked" | "replaced";

/** A change of repository between two consecutive snapshots of one item. */
export interface RepoBreak {
  fromSnapshot: string;
  toSnapshot: string;
  fromRepo: string;
  toRepo: string;
  kind: BreakKind;
  starsBefore: number | null;
  starsAfter: number | null;
  explanation: string;
}

const sameCommit = (a: string | null, b: string | null) =>
  a !== null && b !== null && (a.startsWith(b) || b.startsWith(a));

/**
 * Every change of repository in one item's series (points in any order). The kind says whether
 * the counts before and after describe one repository:
 * - `moved`: the same first commit and no fall in stars — a rename or a transfer to another
 *   owner, which GitHub follows with the stars (etcd: coreos/etcd → etcd-io/etcd);
 * - `forked`: the same first commit but fewer stars — a fork shares the history, not the stars
 *   (Presto: prestodb/presto 8,481 → prestosql/presto 460 in 2019-06-30);
 * - `replaced`: another first commit, or one unknown — another repository (Linkerd:
 *   linkerd/linkerd → linkerd/linkerd2).
 * Growth is read across a `moved` break only; across the others it would be a fall or a jump
 * that no one starred or unstarred.
 */
export function repoBreaks(points: readonly SeriesPoint[]): RepoBreak[] {
  const sorted = [...points].sort((a, b) => (a.snapshot < b.snapshot ? -1 : 1));
  const breaks: RepoBreak[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1]!, sorted[i]!];
    if (repoIdentity(before.repoUrl) === repoIdentity(after.repoUrl)) continue;
    const fell = before.stars !== null && after.stars !== null && after.stars < before.stars;
    const kind: BreakKind = sameCommit(before.firstCommitSha, after.firstCommitSha)
      ? fell
        ? "forked"
        : "moved"
      : "replaced";
    const stars = `${before.stars ?? "?"} → ${after.stars ?? "?"} stars`;
    const explanation =
      kind === "moved"
        ? `repository renamed or transferred (same first commit; ${stars}): one series`
        : kind === "forked"
          ? `repository replaced by a fork (same first commit, ${stars}): growth not read across it`
          : `repository replaced by another (different first commit; ${stars}): growth not read across it`;
    breaks.push({
      fromSnapshot: before.snapshot,
      toSnapshot: after.snapshot,
      fromRepo: before.repoUrl,
      toRepo: after.repoUrl,
      kind,
      starsBefore: before.stars,
      starsAfter: after.stars,
      explanation,
    });
  }
  return breaks;
}

const SERIES_SQL = `
SELECT item_key, name, CAST(snapshot AS VARCHAR) AS snapshot, repo_url, stars, first_commit_sha
FROM momentum ORDER BY item_key, snapshot`;

/**
 * Fills `momentum_breaks` from every item's series in `momentum`, once all processed snapshots
 * have loaded. Returns the number of breaks.
 */
export async function writeRepoBreaks(conn: DuckDBConnection): Promise<number> {
  const rows = (await conn.runAndReadAll(SERIES_SQL)).getRowObjectsJS();
  const byItem = new Map<string, SeriesPoint[]>();
  for (const r of rows) {
    const points = byItem.get(String(r.item_key)) ?? [];
    points.push({
      snapshot: String(r.snapshot),
      name: String(r.name),
      repoUrl: String(r.repo_url),
      stars: r.stars === null ? null : Number(r.stars),
      firstCommitSha: r.first_commit_sha === null ? null : String(r.first_commit_sha),
    });
    byItem.set(String(r.item_key), points);
  }
  let n = 0;
  for (const [key, points] of byItem)
    for (const b of repoBreaks(points)) {
      const name = points.find((p) => p.snapshot === b.toSnapshot)!.name;
      await conn.run(
        `INSERT INTO momentum_breaks VALUES ($key, $name, $from::DATE, $to::DATE, $fromRepo, $toRepo, $kind, $before, $after, $why)`,
        {
          key,
          name,
          from: b.fromSnapshot,
          to: b.toSnapshot,
          fromRepo: b.fromRepo,
          toRepo: b.toRepo,
          kind: b.kind,
          before: b.starsBefore,
          after: b.starsAfter,
          why: b.explanation,
        },
      );
      n++;
    }
  return n;
}
