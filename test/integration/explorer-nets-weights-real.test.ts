import { describe, expect, it } from "vitest";
import { crosstabSpec, type CrosstabArgs } from "../../src/cli/commands/crosstab-spec.ts";
import { explorerSiteData } from "../../src/site/explorer-data.ts";
import {
  ExplorerData,
  explorerCrosstab,
  type ExplorerRequest,
} from "../../src/site/explorer-crosstab.ts";
import { computeCrosstab, type CrosstabResult } from "../../src/survey/crosstab.ts";
import { computeWeightedTable } from "../../src/survey/weighted-table.ts";
import { round } from "../../src/survey/compute-row.ts";
import { noRealData, withRealDatabase } from "../support/databases.ts";
import { bothWays } from "../support/explorer-vs-cli.ts";

/**
 * Nets and weights in the explorer's port, on the real data, against the CLI in Node: every net
 * request gives `crosstab --net/--nets`'s result field for field (or its refusal), and a weighted
 * view gives `kube-census weights`'s weighted shares, intervals, n_eff, design effects and
 * panel − community differences. The browser test (test/site/explorer-nets-weights.test.ts)
 * checks a few of these through the page.
 */
const NET_REQUESTS: ExplorerRequest[] = [
  // the standard nets of the row (">5 clusters") and of the banner ("1000+ employees")
  { question: "k8s_clusters", by: "org_size", year: "2019", universe: "k8s-users", nets: true },
  // a user net (a multi-select: a respondent counts once), a standard banner net by name, an OR filter
  {
    question: "challenges",
    by: "org_size",
    year: "2019",
    universe: "k8s-users",
    net: ["Security or Storage=Security|Storage", "org_size:1000+ employees"],
    where: ["region=Europe|North America"],
  },
  // a net as a filter, across the years (its members' breaks)
  {
    question: "challenges",
    by: "year",
    universe: "k8s-users",
    where: ["k8s_clusters=>5 clusters"],
  },
  // nets across years: a member a year did not offer is a break of kind "net"
  { question: "k8s_clusters", by: "year", nets: true },
  { question: "k8s_clusters", by: "year", net: ["one or none=1|I do not use Kubernetes"] },
  { question: "k8s_clusters", by: "year", nets: true, valid: true, comparable: true },
  // matrix boxes: levels nets, as rows and (a box's name) in a filter
  { question: "cncf_projects", by: "year", nets: true },
  { question: "cncf_projects", by: "org_size", year: "2020", nets: true, valid: true },
  {
    question: "k8s_clusters",
    by: "year",
    where: ["cncf_projects=Kubernetes=using or evaluating"],
  },
  { question: "cncf_recommend", by: "year", nets: true, valid: true },
  // a user net on a multi-select banner: overlapping columns, pairs with the net included
  {
    question: "k8s_clusters",
    by: "challenges",
    year: "2019",
    net: ["challenges:Security or Storage=Security|Storage"],
  },
  { question: "k8s_clusters", by: "sample", nets: true },
  // refusals: an unknown standard net, a member no option spells, a name taken by an option
  { question: "k8s_clusters", by: "year", net: ["no such net"] },
  { question: "k8s_clusters", by: "year", net: ["big=6-10|nonsense"] },
  { question: "k8s_clusters", by: "year", net: ["6-10=6-10|11-20"] },
];

describe.skipIf(noRealData)("nets and weights in the explorer, against the CLI", () => {
  it("gives crosstab --net/--nets's result for every net request", async () => {
    await withRealDatabase(async (_, db) => {
      const files = await explorerSiteData(db.conn);
      const data = new ExplorerData(JSON.parse(JSON.stringify(files.meta)), files.answers);
      let withNets = 0;
      let refused = 0;
      let netBreaks = 0;
      let netFilters = 0;
      let withBreaksShown = 0;
      for (const request of NET_REQUESTS) {
        const both = await bothWays(db.conn, data, request);
        // why: the page words its refusals for the page, not for the command line
        const [cli, page] = [both.cli, both.page].map((o) => (o.error ? { error: true } : o));
        expect(page, JSON.stringify(request)).toEqual(cli);
        const result = cli as CrosstabResult & { error?: true };
        if (result.nets?.length) withNets++;
        if (result.error) refused++;
        if (result.breaks?.some((b) => b.kind === "net")) netBreaks++;
        // the net row's cells carry its break's number (‡ on the page)
        if (result.rows?.some((c) => c.option === "one or none" && c.breaks.length))
          withBreaksShown++;
        if (result.filters?.some((f) => f.options || f.levels)) netFilters++;
      }
      // every request but the refusals and the two whose net is only a filter shows nets
      expect(withNets).toBe(NET_REQUESTS.length - 3 - 2);
      expect(netFilters).toBe(3);
      expect(refused).toBe(3);
      expect(netBreaks).toBeGreaterThan(0);
      expect(withBreaksShown).toBeGreaterThan(0);
    });
  }, 240_000);

  it("weights 2022 to 2019's mix as `kube-census weights` does", async () => {
    await withRealDatabase(async (_, db) => {
      const files = await explorerSiteData(db.conn);
      const data = new ExplorerData(JSON.parse(JSON.stringify(files.meta)), files.answers);
      const weight = files.meta.weightings![0]!.id;
      for (const question of ["k8s_use", "k8s_clusters"]) {
        const cli = await computeWeightedTable(db.conn, {
          question,
          year: 2022,
          sample: "parts",
          by: ["org_size", "region"],
          target: { year: 2019, sample: "all" },
        });
        const page = explorerCrosstab(data, { question, by: "sample", year: "2022", weight });
        expect(page.siteWeighting!.parts.map((p) => p.part)).toEqual(["community", "panel"]);
        for (const part of page.siteWeighting!.parts) {
          const summary = cli.weighting.find((w) => w.sample === part.part)!;
          expect(part.nEff).toBeCloseTo(summary.nEff, 9);
          expect(part.iterations).toBe(summary.iterations);
        }
        for (const row of cli.rows) {
          const cell = page.rows.find((c) => c.column === row.sample && c.option === row.option)!;
          expect(cell.share, `${row.sample} ${row.option}`).toBe(round(row.weighted_share));
          expect(cell.ci_low).toBe(round(row.low));
          expect(cell.ci_high).toBe(round(row.high));
          // n and count stay the people counted, as in crosstab --weight; n_eff beside them
          expect(cell.n_eff).toBe(round(row.n_eff));
          const column = page.siteWeighting!.columns.find((c) => c.column === row.sample)!;
          expect(column.n).toBe(row.n);
          expect(column.n_eff).toBeCloseTo(row.n_eff, 9);
          expect(column.design_effect).toBeCloseTo(row.design_effect, 9);
        }
        // panel − community: the cross-tab's difference is B − A, panel minus community
        for (const d of cli.differences) {
          const shown = page.differences.find((x) => x.option === d.option)!;
          expect(shown.a).toBe("A");
          expect(shown.difference).toBe(round(d.weighted));
          expect(shown.ci_low).toBe(round(d.low));
          expect(shown.ci_high).toBe(round(d.high));
          expect(shown.z).toBe(round(d.z));
        }
        expect(cli.differences.length).toBeGreaterThan(0);
      }
      // The whole sample and one part: each raked on its own, as --sample all / community.
      for (const sample of ["all", "community"] as const) {
        const cli = await computeWeightedTable(db.conn, {
          question: "k8s_use",
          year: 2022,
          sample,
          by: ["org_size", "region"],
          target: { year: 2019, sample: "all" },
        });
        const page = explorerCrosstab(data, {
          question: "k8s_use",
          by: "year",
          year: "2022",
          sample,
          weight,
        });
        for (const row of cli.rows) {
          const cell = page.rows.find((c) => c.option === row.option)!;
          expect(cell.share).toBe(round(row.weighted_share));
          expect(cell.ci_low).toBe(round(row.low));
          expect(cell.ci_high).toBe(round(row.high));
        }
      }
      // The page's weighted view is crosstab --weight's result, cell for cell and pair for pair.
      for (const question of ["k8s_use", "k8s_clusters"]) {
        const args = {
          question,
          by: "sample",
          year: ["2022"],
          weight: "2019",
          weightBy: "org_size,region",
          diffs: true,
        };
        const cli = await computeCrosstab(
          db.conn,
          await crosstabSpec(db.conn, args as unknown as CrosstabArgs),
        );
        const page = explorerCrosstab(data, { question, by: "sample", year: "2022", weight });
        expect(JSON.parse(JSON.stringify(page.rows))).toEqual(JSON.parse(JSON.stringify(cli.rows)));
        expect(page.differences).toEqual(cli.differences);
        expect(page.rows.some((c) => c.n_eff !== undefined && c.n_eff < c.n)).toBe(true);
      }
      // Other years count each respondent once: 2019's shares, intervals and letters are the same.
      const plain = explorerCrosstab(data, { question: "k8s_clusters", by: "year" });
      const mixed = explorerCrosstab(data, { question: "k8s_clusters", by: "year", weight });
      const shown = (rows: typeof plain.rows) =>
        rows
          .filter((c) => c.year !== 2022)
          .map(({ n, count, share, ci_low, ci_high, higher_than }) => ({
            n,
            count,
            share,
            ci_low,
            ci_high,
            higher_than,
          }));
      expect(shown(mixed.rows)).toEqual(shown(plain.rows));
      expect(mixed.rows.filter((c) => c.year === 2022)).not.toEqual(
        plain.rows.filter((c) => c.year === 2022),
      );
      // Refused: a year the weighting does not weight, a multi-select banner.
      expect(() =>
        explorerCrosstab(data, { question: "k8s_clusters", by: "org_size", year: "2019", weight }),
      ).toThrow(/weights 2022 only/);
      expect(() =>
        explorerCrosstab(data, { question: "k8s_use", by: "job_function", year: "2022", weight }),
      ).toThrow(/not weighted/);
    });
  }, 240_000);
});
