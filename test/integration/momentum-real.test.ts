import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportCensus } from "../../src/export/export.ts";
import { openDatabase } from "../../src/db/open.ts";
import { readBookAliases } from "../../src/landscape/book-aliases.ts";
import { bookLandscape } from "../../src/landscape/book-landscape.ts";
import { projectRoot, rawDir } from "../../src/paths.ts";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";
import { RESTRICTED } from "../support/restricted.ts";

const SNAPSHOTS = ["2018-06-30", "2018-12-31", "2019-06-30", "2019-12-31", "2020-07-31"];

/** A value the search must find: Prometheus's repository, in momentum and landscape_items. */
const CONTROL = "github.com/prometheus/prometheus";

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

describe.skipIf(noRealData)("project momentum from the real processed landscape", () => {
  it("holds every item with GitHub facts of each snapshot, with no issue", async () => {
    // Counted independently with Python (PyYAML): items with a github_data block, per file; no
    // name repeats among them, so one row per item. 2020-07-31 has 384 repo_url keys, one empty.
    const rows = await withRealDatabase((q) =>
      q(`SELECT CAST(snapshot AS VARCHAR) AS snapshot, count(*)::INTEGER AS n,
                count(DISTINCT item_key)::INTEGER AS items FROM momentum GROUP BY ALL ORDER BY 1`),
    );
    expect(rows).toEqual(
      [263, 289, 332, 359, 383].map((n, i) => ({ snapshot: SNAPSHOTS[i], n, items: n })),
    );
    const issues = await withRealDatabase((q) =>
      q(
        `SELECT count(*)::INTEGER AS n FROM ingest_issues WHERE source LIKE 'landscape-processed-%'`,
      ),
    );
    expect(issues).toEqual([{ n: 0 }]);
  });

  it("gives Kubernetes, Prometheus and Envoy the stars and contributors their YAML shows", async () => {
    // Read by hand from each file's github_data block (stars, contributors_count).
    const expected: Record<string, [number, number][]> = {
      Kubernetes: [
        [38176, 1720],
        [46177, 1918],
        [54610, 2177],
        [61789, 2402],
        [68613, 3450],
      ],
      Prometheus: [
        [17251, 246],
        [21116, 304],
        [24818, 342],
        [28447, 427],
        [32157, 547],
      ],
      Envoy: [
        [5505, 185],
        [7797, 253],
        [10111, 359],
        [11909, 441],
        [13797, 587],
      ],
    };
    const rows = await withRealDatabase((q) =>
      q(`SELECT name, CAST(snapshot AS VARCHAR) AS snapshot, stars, contributors FROM momentum
         WHERE name IN ('Kubernetes', 'Prometheus', 'Envoy') ORDER BY name, snapshot`),
    );
    const got: Record<string, [number, number][]> = {};
    for (const r of rows)
      (got[String(r.name)] ??= []).push([Number(r.stars), Number(r.contributors)]);
    expect(got).toEqual(expected);
    expect(rows.filter((r) => r.name === "Prometheus").map((r) => r.snapshot)).toEqual(SNAPSHOTS);
  });

  it("sums Prometheus's 52 weekly commit counts, and has none before the files carry them", async () => {
    // 2019-12-31: `21;15;31;…;27;5`, summed with Python: 995. The 2018 and mid-2019 files have
    // no weekly series and no languages.
    const rows = await withRealDatabase((q) =>
      q(`SELECT CAST(snapshot AS VARCHAR) AS snapshot, commits_52w, language,
                CAST(first_commit AS VARCHAR) AS first_commit
         FROM momentum WHERE name = 'Prometheus' ORDER BY snapshot`),
    );
    expect(rows.map((r) => r.commits_52w)).toEqual([null, null, null, 995, 1023]);
    expect(rows.map((r) => r.language)).toEqual([null, null, null, "Go", "Go"]);
    expect(new Set(rows.map((r) => r.first_commit))).toEqual(new Set(["2012-11-24"]));
  });

  it("records repository changes as breaks, not falls", async () => {
    const rows = await withRealDatabase((q) =>
      q(`SELECT name, CAST(to_snapshot AS VARCHAR) AS at, kind, from_repo, to_repo,
                stars_before, stars_after FROM momentum_breaks
         WHERE name IN ('Linkerd', 'Presto', 'etcd') ORDER BY name`),
    );
    // From the YAML: etcd moved to its own organization (same first commit, stars went on);
    // Presto's entry switched to the prestosql fork (same history, 8,481 → 460 stars); Linkerd's
    // to linkerd2, another repository.
    expect(rows).toEqual([
      {
        name: "Linkerd",
        at: "2019-06-30",
        kind: "replaced",
        from_repo: "https://github.com/linkerd/linkerd",
        to_repo: "https://github.com/linkerd/linkerd2",
        stars_before: 4820,
        stars_after: 4142,
      },
      {
        name: "Presto",
        at: "2019-06-30",
        kind: "forked",
        from_repo: "https://github.com/prestodb/presto",
        to_repo: "https://github.com/prestosql/presto",
        stars_before: 8481,
        stars_after: 460,
      },
      {
        name: "etcd",
        at: "2018-12-31",
        kind: "moved",
        from_repo: "https://github.com/coreos/etcd",
        to_repo: "https://github.com/etcd-io/etcd",
        stars_before: 18983,
        stars_after: 22109,
      },
    ]);
  });

  it("gives the book's open-source entries their GitHub facts at 2020-07-31", async () => {
    const db = await openDatabase(realDatabase);
    try {
      const book = await bookLandscape(db.conn, await readBookAliases(), "aliases.yml");
      expect(book.momentumSnapshot).toBe("2020-07-31");
      const stack = (name: string) =>
        book.rows.find((r) => r.source === "stack" && r.book_name === name);
      // As in the hand-checked test above; containerd read by hand too (5,869 stars, 265).
      expect(stack("Prometheus")).toMatchObject({ stars_2020: 32157, contributors_2020: 547 });
      expect(stack("Envoy")).toMatchObject({ stars_2020: 13797, contributors_2020: 587 });
      expect(stack("containerd")).toMatchObject({ stars_2020: 5869, contributors_2020: 265 });
      // Commercial entries get none, even where their item has a repository.
      const commercial = book.rows.filter((r) => r.kind === "commercial");
      expect(commercial.every((r) => r.stars_2020 === null)).toBe(true);
      const open = book.rows.filter((r) => r.kind === "open source" && r.match !== "none");
      expect(open.filter((r) => r.stars_2020 !== null).length).toBeGreaterThanOrEqual(40);
    } finally {
      db.close();
    }
  });

  it(
    "lets no Crunchbase or Yahoo Finance value into the database, the export or dist/",
    { timeout: 300_000 },
    async () => {
      const raw = SNAPSHOTS.map((d) =>
        readFileSync(
          join(rawDir, "cncf-landscape-processed", `processed_landscape-${d}.yml`),
          "utf8",
        ),
      ).join("\n");
      for (const v of RESTRICTED) expect(raw, v).toContain(v);

      // Every column of every table, as text.
      const found = await withRealDatabase(async (q) => {
        const columns = await q(
          `SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal
           AND table_name IN (SELECT table_name FROM duckdb_tables())`,
        );
        const hits: string[] = [];
        // Constants of this file, none with a quote: safe to write into the query.
        const values = `[${[...RESTRICTED, CONTROL].map((v) => `'${v}'`).join(", ")}]`;
        for (const c of columns) {
          const col = `"${String(c.column_name).replace(/"/g, '""')}"`;
          const table = `"${String(c.table_name).replace(/"/g, '""')}"`;
          const rows = await q(
            `SELECT DISTINCT v FROM ${table}, (SELECT unnest(${values}) AS v)
             WHERE contains(CAST(${table}.${col} AS VARCHAR), v)`,
          );
          for (const { v } of rows)
            hits.push(`${String(c.table_name)}.${String(c.column_name)}: ${v}`);
        }
        return hits;
      });
      // The search finds what is there (the control), and nothing of the restricted blocks.
      expect(found).toContain(`momentum.repo_url: ${CONTROL}`);
      expect(found.filter((f) => !f.endsWith(CONTROL))).toEqual([]);

      const out = await mkdtemp(join(tmpdir(), "momentum-export-"));
      try {
        const dir = join(out, "export");
        await exportCensus({ format: "csv", out: dir, databasePath: realDatabase });
        const exported = [...files(dir)];
        expect(exported.some((f) => f.endsWith("momentum.csv"))).toBe(true);
        const leaks = exported.flatMap((f) => {
          const text = readFileSync(f, "utf8");
          return RESTRICTED.filter((v) => text.includes(v)).map((v) => `${f}: ${v}`);
        });
        expect(leaks).toEqual([]);
      } finally {
        await rm(out, { recursive: true, force: true });
      }

      // The built site, when there is one (its data files come from this database).
      const dist = join(projectRoot, "dist");
      if (existsSync(dist)) {
        const leaks = [...files(dist)]
          .filter((f) => /\.(html|js|json|csv|txt)$/.test(f))
          .flatMap((f) => {
            const text = readFileSync(f, "utf8");
            return RESTRICTED.filter((v) => text.includes(v)).map((v) => `${f}: ${v}`);
          });
        expect(leaks).toEqual([]);
      }
    },
  );
});
