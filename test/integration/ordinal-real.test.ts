import { describe, expect, it } from "vitest";
import type { OrdinalSummary } from "../../src/survey/ordinal-summary.ts";
import { openDatabase } from "../../src/db/open.ts";
import { distributionsSiteData } from "../../src/site/distributions-data.ts";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";
import { runCli } from "../support/cli.ts";

const summary = async (...args: string[]): Promise<OrdinalSummary> =>
  (
    JSON.parse(
      (await runCli(["crosstab", ...args, "--summary", "--format", "json"], realDatabase)).stdout,
    ) as { summary: OrdinalSummary }
  ).summary;

describe.skipIf(noRealData)("ordinal summaries on the real exports", () => {
  it("2019 clusters: mean, sd and median equal plain SQL over the respondents' answers", async () => {
    const s = await summary("k8s_clusters", "--by", "year", "--year", "2019");
    const r = s.rows[0]!;
    // The midpoints as stated in data/codebook/k8s_clusters.yml, written out again here, and the
    // respondents' answers read straight from `answers`: nothing of the summary's code.
    const [direct] = await withRealDatabase((query) =>
      query(`
        WITH v AS (
          SELECT a.respondent, m.value FROM answers a
          JOIN (VALUES ('1', 1.0), ('2-5', 3.5), ('6-10', 8.0), ('11-20', 15.5), ('21-50', 35.5),
                       ('50+', 75.0)) m(option, value) ON a.option = m.option
          WHERE a.question = 'k8s_clusters' AND a.year = 2019)
        SELECT count(*)::INTEGER AS n, count(DISTINCT respondent)::INTEGER AS respondents,
          avg(value) AS mean, stddev_samp(value) AS sd, quantile_disc(value, 0.5) AS median
        FROM v`),
    );
    expect(direct!.respondents).toBe(direct!.n); // one answer each
    expect(r.n).toBe(direct!.n);
    expect(r.mean).toBeCloseTo(Number(direct!.mean), 4);
    expect(r.sd).toBeCloseTo(Number(direct!.sd), 4);
    // quantile_disc(0.5) is the lower middle value: the median bucket's midpoint
    const bucket = { 1: "1", 3.5: "2-5", 8: "6-10", 15.5: "11-20", 35.5: "21-50", 75: "50+" }[
      Number(direct!.median)
    ];
    expect(r.median_low).toBe(bucket);
    // the t interval from the SQL's own sd (t(0.975, n − 1) ≈ 1.962 for n ≈ 1,300)
    const half = (1.962 * Number(direct!.sd)) / Math.sqrt(r.n);
    expect(r.mean_ci_low!).toBeCloseTo(Number(direct!.mean) - half, 1);
    // who answered "I do not use Kubernetes" is in the cross-tab's base, left out of the summary
    const [off] = await withRealDatabase((query) =>
      query(`SELECT count(*)::INTEGER AS n FROM answers
             WHERE question = 'k8s_clusters' AND year = 2019 AND option = 'I do not use Kubernetes'`),
    );
    expect(r.left_out).toBe(off!.n);
  });

  it("every answer a scale year offered is a point of its scale or named off it", async () => {
    const rows = await withRealDatabase((query) =>
      query(`
        SELECT o.question, o.year, o.option FROM survey_offered o
        JOIN (SELECT DISTINCT question, year FROM codebook_scales) s USING (question, year)
        WHERE NOT EXISTS (SELECT 1 FROM codebook_scales c
                          WHERE c.question = o.question AND c.year = o.year AND c.option = o.option)
        ORDER BY ALL`),
    );
    expect(rows).toEqual([]);
    // and every year with respondent-level answers to a scaled question has a scale
    const uncovered = await withRealDatabase((query) =>
      query(`
        SELECT DISTINCT a.question, a.year FROM answers a
        WHERE a.question IN (SELECT question FROM codebook_scales)
          AND NOT EXISTS (SELECT 1 FROM codebook_scales c WHERE c.question = a.question AND c.year = a.year)`),
    );
    expect(uncovered).toEqual([]);
  });

  it("org size by year keeps 2022's recut buckets a version of their own, its change marked", async () => {
    const s = await summary("org_size", "--by", "year");
    expect(s.scales.map((v) => [v.name, v.years])).toEqual([
      ["seven buckets (2018-2021)", [2018, 2019, 2020, 2021]],
      ["eight buckets (2022)", [2022]],
    ]);
    const y2022 = s.rows.find((r) => r.year === 2022)!;
    expect(y2022.scale).toBe("eight buckets (2022)");
    // the cross-tab's option break between 1H 2020 and 2022 marks the 2022 summary
    expect(y2022.breaks.length).toBeGreaterThan(0);
  });

  it("cncf_recommend's net score per scale version equals the top and bottom boxes counted in SQL", async () => {
    const s = await summary("cncf_recommend", "--by", "year");
    const counts = await withRealDatabase((query) =>
      query(`
        SELECT year, count(DISTINCT respondent)::INTEGER AS n,
          count(DISTINCT respondent) FILTER (WHERE option IN ('Absolutely', CASE WHEN year = 2018
            THEN 'Extremely Likely' ELSE 'Very Likely' END))::INTEGER AS top,
          count(DISTINCT respondent) FILTER (WHERE option IN ('Never', CASE WHEN year = 2018
            THEN 'Extremely Unlikely' ELSE 'Very Unlikely' END))::INTEGER AS bottom
        FROM answers WHERE question = 'cncf_recommend' GROUP BY year ORDER BY year`),
    );
    expect(counts.map((c) => c.year)).toEqual([2018, 2019, 2020]);
    for (const c of counts) {
      const r = s.rows.find((x) => x.year === c.year)!;
      expect([r.n, r.net_score!.top, r.net_score!.bottom]).toEqual([c.n, c.top, c.bottom]);
      const [t, b] = [Number(c.top) / Number(c.n), Number(c.bottom) / Number(c.n)];
      expect(r.net_score!.score).toBeCloseTo(100 * (t - b), 3);
    }
    expect(s.rows.find((r) => r.year === 2018)!.scale).toBe("eleven points (2018)");
    expect(s.rows.find((r) => r.year === 2019)!.scale).toBe("seven points (2019-1H 2020)");
  });

  it("the Distributions page's data holds the CLI's summaries and shares, to the digit", async () => {
    const db = await openDatabase(realDatabase);
    const file = await distributionsSiteData(db.conn).finally(() => db.close());
    expect(file.questions.map((q) => q.id)).toEqual([
      "k8s_clusters",
      "containers",
      "fleet_size",
      "org_size",
      "release_cycle",
      "cncf_recommend",
    ]);
    for (const id of ["k8s_clusters", "cncf_recommend"]) {
      const q = file.questions.find((x) => x.id === id)!;
      const { stdout } = await runCli(
        ["crosstab", id, "--by", "year", "--summary", "--format", "json"],
        realDatabase,
      );
      const cli = JSON.parse(stdout) as {
        summary: OrdinalSummary;
        rows: { year: number; option: string; share: number | null; count: number }[];
      };
      expect(q.summary).toEqual(cli.summary);
      expect(q.command).toBe(`kube-census crosstab ${id} --by year --summary`);
      for (const c of q.cells) {
        const row = cli.rows.find((r) => r.year === c.year && r.option === c.option)!;
        expect([c.share, c.count]).toEqual([row.share, row.count]);
      }
    }
  });

  it("the page's weighted views are `crosstab --summary --weight`'s, and a refusal is the CLI's sentence", async () => {
    const db = await openDatabase(realDatabase);
    const to2019 = {
      id: "to-2019",
      label: "to 2019",
      description: "each year to 2019's mix",
      target: 2019,
      by: ["org_size", "region"],
    };
    // 2021 is summary tables only: no respondent to take a mix from, so the CLI refuses it
    const to2021 = { ...to2019, id: "to-2021", target: 2021 };
    const file = await distributionsSiteData(db.conn, [to2019, to2021]).finally(() => db.close());
    for (const id of ["k8s_clusters", "org_size", "cncf_recommend"]) {
      const q = file.questions.find((x) => x.id === id)!;
      const [w, refused] = q.weighted;
      if (!w || "refused" in w) throw new Error(`${id}: no weighted view`);
      const args = [
        "--by",
        "year",
        "--summary",
        "--weight",
        "2019",
        "--weight-by",
        "org_size,region",
      ];
      expect(w.command).toBe(`kube-census crosstab ${id} ${args.join(" ")}`);
      const cli = JSON.parse(
        (await runCli(["crosstab", id, ...args, "--format", "json"], realDatabase)).stdout,
      ) as {
        summary: OrdinalSummary;
        rows: { year: number; option: string; share: number | null; count: number }[];
      };
      expect(w.summary).toEqual(cli.summary);
      expect(w.cells.length).toBe(cli.rows.filter((r) => r.share !== null).length);
      for (const c of w.cells) {
        const row = cli.rows.find((r) => r.year === c.year && r.option === c.option)!;
        expect([c.share, c.count]).toEqual([row.share, row.count]);
      }
      // weighting moves the shares (2019 itself excepted: its own mix, weights 1)
      const plain = (year: number, option: string) =>
        q.cells.find((c) => c.year === year && c.option === option)?.share;
      expect(w.cells.some((c) => c.year !== 2019 && c.share !== plain(c.year, c.option))).toBe(
        true,
      );
      for (const c of w.cells.filter((x) => x.year === 2019))
        expect(c.share).toBe(plain(2019, c.option));
      expect(w.weighting.join("\n")).toMatch(/^Weighted to 2019 \(all\) on org_size × region/);
      expect(w.self).toBe(id === "org_size");
      const cliRefusal = await runCli(
        [
          "crosstab",
          id,
          "--by",
          "year",
          "--summary",
          "--weight",
          "2021",
          "--weight-by",
          "org_size,region",
        ],
        realDatabase,
      ).then(
        () => "",
        (e: { stderr: string }) => e.stderr.trim().replace(/^kube-census: /, ""),
      );
      expect(cliRefusal).not.toBe("");
      expect(refused).toEqual({ id: "to-2021", label: "to 2019", refused: cliRefusal });
    }
  });
});
