import { describe, expect, it } from "vitest";
import { explorerSiteData } from "../../src/site/explorer-data.ts";
import { ExplorerData, type ExplorerRequest } from "../../src/site/explorer-crosstab.ts";
import type { CrosstabResult } from "../../src/survey/crosstab.ts";
import { noRealData, withRealDatabase } from "../support/databases.ts";
import { bothWays } from "../support/explorer-vs-cli.ts";

/**
 * The explorer's port against the CLI in Node, on the real data: the same data file the site
 * ships (round-tripped through JSON, as the browser reads it) and the CLI's own DuckDB query give
 * the same result, field for field, or the same refusal. The browser test
 * (test/site/explorer.test.ts) checks a few of these through the page; this checks many, fast.
 */
const REQUESTS: ExplorerRequest[] = [
  // breaks of the row question and the universe's, the community part (no panel break)
  { question: "challenges", by: "year", universe: "k8s-users", sample: "community" },
  // the whole sample: 2022's paid panel is a break too
  { question: "challenges", by: "year", universe: "k8s-users" },
  // --valid: don't-know rows and their breaks go
  { question: "k8s_clusters", by: "year", valid: true },
  // a matrix with --valid: each row its own base
  { question: "cncf_projects", by: "year", valid: true },
  { question: "local_k8s", by: "year", universe: "k8s-users", valid: true, comparable: true },
  { question: "challenges", by: "org_size", year: "2019", adjust: "holm" },
  { question: "challenges", by: "org_size", year: "2022", sample: "panel", adjust: "bh" },
  { question: "k8s_clusters", by: "sample" },
  { question: "cncf_projects", by: "org_size", year: "2020" },
  {
    question: "challenges",
    by: "year",
    universe: "k8s-users",
    where: ["org_size=>5000", "cncf_projects=Kubernetes=Using in production"],
  },
  // the CLI's other filter forms, read by the one shared parser: NOT (non-answerers included),
  // answered:, panel and !panel (every year; 2022 without its panel), a matrix row's NOT
  { question: "challenges", by: "year", universe: "k8s-users", where: ["!org_size=>5000"] },
  { question: "k8s_clusters", by: "year", where: ["answered:region", "!region=Europe"] },
  { question: "k8s_clusters", by: "org_size", where: ["panel"] },
  { question: "challenges", by: "year", where: ["!panel"] },
  {
    question: "k8s_clusters",
    by: "year",
    where: ["!cncf_projects=Kubernetes=Using in production"],
  },
  // multi-select banners: overlapping columns, their pairs' shared respondents (a matrix row
  // with --valid: each row its own shared base); serverless, a "single" question answered twice
  { question: "k8s_clusters", by: "job_function", year: "2019" },
  { question: "cncf_projects", by: "challenges", year: "2020", valid: true, universe: "k8s-users" },
  { question: "org_size", by: "serverless", year: "2019" },
  // refusals
  { question: "challenges", by: "cncf_projects" },
  { question: "k8s_clusters", by: "sample", sample: "community" },
  { question: "k8s_clusters", by: "org_size", year: "2019", sample: "panel" },
];

/** Every question of the file by year in the community part with --valid: routing, reach, bases. */
const EVERY_QUESTION = (ids: string[]): ExplorerRequest[] =>
  ids.map((question) => ({ question, by: "year", sample: "community", valid: true }));

describe.skipIf(noRealData)("the explorer's cross-tab against the CLI's", () => {
  it("gives the CLI's result for every request, and the CLI's refusals", async () => {
    await withRealDatabase(async (_, db) => {
      const files = await explorerSiteData(db.conn);
      const data = new ExplorerData(JSON.parse(JSON.stringify(files.meta)), files.answers);
      const requests = [...REQUESTS, ...EVERY_QUESTION(data.meta.questions.map((q) => q.id))];
      let withBreaks = 0;
      let refused = 0;
      let overlapping = 0;
      let otherForms = 0;
      for (const request of requests) {
        const { cli, page } = await bothWays(db.conn, data, request);
        expect(page, JSON.stringify(request)).toEqual(cli);
        if ((cli as { breaks?: unknown[] }).breaks?.length) withBreaks++;
        if ((cli as { error?: string }).error) refused++;
        if ((cli as CrosstabResult).differences?.some((d) => d.overlap > 0)) overlapping++;
        if ((cli as CrosstabResult).filters?.some((f) => f.not || f.kind)) otherForms++;
      }
      // The comparison covered what it is meant to: tables with breaks, and refusals.
      expect(withBreaks).toBeGreaterThan(10);
      expect(refused).toBeGreaterThanOrEqual(3);
      expect(overlapping).toBeGreaterThanOrEqual(2);
      // every request with NOT, answered: or panel gave a table, not a refusal
      expect(otherForms).toBe(5);
    });
  }, 240_000);

  it("refuses a wrong filter as the CLI does, in the page's words", async () => {
    await withRealDatabase(async (_, db) => {
      const files = await explorerSiteData(db.conn);
      const data = new ExplorerData(JSON.parse(JSON.stringify(files.meta)), files.answers);
      const refusals: [string, RegExp, RegExp][] = [
        ["!", /^invalid filter: ! \(use question=option/, /^invalid --where: ! \(use question=/],
        [
          "k8s_clusters=>6 clusters",
          /^unknown option of k8s_clusters in a filter: >6 clusters$/,
          /^unknown option of k8s_clusters in --where: >6 clusters\. Did you mean/,
        ],
        [
          "cncf_projects=Kubernetes",
          /^filter cncf_projects=Kubernetes: cncf_projects is a matrix; name a level: /,
          /cncf_projects is a matrix; name a level: cncf_projects=Kubernetes=</,
        ],
        [
          "org_size=>5000=Using",
          /^invalid filter: org_size=>5000=Using \(org_size is not a matrix: no level\)$/,
          /^invalid --where: org_size=>5000=Using \(org_size is not a matrix: no level\)$/,
        ],
        ["answered:nope", /^unknown question in a filter: nope$/, /^unknown question in --where/],
      ];
      for (const [where, page, cli] of refusals) {
        const both = await bothWays(db.conn, data, {
          question: "challenges",
          by: "year",
          where: [where],
        });
        expect(both.page.error, where).toMatch(page);
        expect(both.cli.error, where).toMatch(cli);
      }
    });
  });

  it("keeps the data file small and free of typed text", async () => {
    await withRealDatabase(async (query, db) => {
      const { meta, answers } = await explorerSiteData(db.conn);
      const json = JSON.stringify(meta);
      // measured: answers 605 KB, meta 180 KB (its breaks as tuples: 85 KB of it; the weightings
      // 19 KB, the standard nets 1.3 KB)
      expect(answers.length).toBeLessThan(700_000);
      expect(json.length).toBeLessThan(200_000);
      const freeText = await query("SELECT id FROM codebook_questions WHERE type = 'free_text'");
      for (const { id } of freeText)
        expect(meta.questions.map((q) => q.id)).not.toContain(String(id));
      // Every stored break a cross-tab can name is there, in the CLI's order.
      const stored = await query(
        `SELECT count(*)::INTEGER AS n FROM question_breaks b JOIN codebook_questions q ON q.id = b.question
         WHERE NOT comparable AND q.type <> 'free_text'
           AND NOT (kind = 'universe' AND year NOT IN (SELECT year FROM survey_offered))`,
      );
      expect(meta.breaks.length).toBe(stored[0]!.n);
    });
  });
});
