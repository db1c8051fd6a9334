import { describe, expect, it } from "vitest";
import type { OrdinalSummary } from "../../src/survey/ordinal-summary.ts";
import type { CrosstabResult } from "../../src/survey/crosstab-result.ts";
import { weightYears } from "../../src/survey/crosstab-weights.ts";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";
import { runCli } from "../support/cli.ts";

/**
 * `crosstab --summary --weight` on the real data: 2022's clusters by sample part, weighted to
 * 2019's org_size × region mix. The weighted means checked against plain SQL over the respondents'
 * answers and their weights (each part raked on its own, as `export --weight` and the cross-tab
 * rake: crosstab-weights.ts), with the midpoints written out again here.
 */
describe.skipIf(noRealData)("weighted ordinal summaries on the real exports", () => {
  it("2022 clusters by sample: weighted mean, Σw and n_eff equal plain SQL over the weights", async () => {
    const out = JSON.parse(
      (
        await runCli(
          [
            "crosstab",
            "k8s_clusters",
            "--by",
            "sample",
            "--year",
            "2022",
            "--summary",
            "--weight",
            "2019",
            "--weight-by",
            "org_size,region",
            "--format",
            "json",
          ],
          realDatabase,
        )
      ).stdout,
    ) as CrosstabResult & { summary: OrdinalSummary };
    expect(out.summary.weighted).toBe(true);
    const direct = await withRealDatabase(async (query, db) => {
      const w = await weightYears(
        db.conn,
        { by: ["org_size", "region"], target: { year: 2019, sample: "all" } },
        [2022],
        ["community", "panel"],
      );
      const values = w.respondents
        .map((r, i) => `(${r}, '${w.samples[i]}', ${w.weights[i]!})`)
        .join(", ");
      return query(`
        WITH w(respondent, part, w) AS (VALUES ${values}),
        v AS (
          SELECT w.part, w.w, m.value FROM answers a
          JOIN (VALUES ('1', 1.0), ('2-5', 3.5), ('6-10', 8.0), ('11-20', 15.5), ('21-50', 35.5),
                       ('50+', 75.0)) m(option, value) ON a.option = m.option
          JOIN w ON w.respondent = a.respondent
          WHERE a.question = 'k8s_clusters' AND a.year = 2022)
        SELECT part, count(*)::INTEGER AS n, sum(w) AS sw, sum(w * w) AS sq,
          sum(w * value) / sum(w) AS mean, avg(value) AS unweighted
        FROM v GROUP BY part ORDER BY part`);
    });
    expect(direct.map((d) => d.part)).toEqual(["community", "panel"]);
    for (const d of direct) {
      // the banner's columns are the parts by name: community, panel
      const r = out.summary.rows.find((x) => x.column === d.part)!;
      expect(r.n, String(d.part)).toBe(d.n);
      expect(r.weighted_n!).toBeCloseTo(Number(d.sw), 2);
      expect(r.n_eff!).toBeCloseTo(Number(d.sw) ** 2 / Number(d.sq), 2);
      expect(r.mean!).toBeCloseTo(Number(d.mean), 3);
      // the weights move the mean: a summary left unweighted would fail here
      expect(Math.abs(r.mean! - Number(d.unweighted))).toBeGreaterThan(0.1);
    }
  });
});
