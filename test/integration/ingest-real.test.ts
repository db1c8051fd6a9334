import { describe, expect, it } from "vitest";
import { noRealData, withRealDatabase } from "../support/databases.ts";

const K8S_USERS = `
  SELECT year, respondent, any_value(option) AS clusters FROM answers
  WHERE question = 'k8s_clusters' AND option IN ('1', '2-5', '6-10', '11-20', '21-50', '50+')
    AND (year, respondent) IN (SELECT year, respondent FROM answers WHERE question = 'challenges')
  GROUP BY year, respondent`;

describe.skipIf(noRealData)("the real exports, ingested", () => {
  it("holds every respondent of each export", async () => {
    // Counted independently as CSV records minus the two header rows (Python's csv module).
    // The issue expected 2,402 in 2018; the file has 2,403 records, so 2,401 respondents.
    // 2021: each wave's Answered on its location question; 2022: 2,286 rows, 2,063 after screening.
    const rows = await withRealDatabase((q) =>
      q("SELECT source, year, respondents, sample FROM survey_sources ORDER BY source"),
    );
    expect(rows).toEqual([
      { source: "survey-2018", year: 2018, respondents: 2401, sample: 2401 },
      { source: "survey-2019", year: 2019, respondents: 1337, sample: 1337 },
      { source: "survey-2020", year: 2020, respondents: 1324, sample: 1324 },
      { source: "survey-2021-part1", year: 2021, respondents: 2302, sample: 2302 },
      { source: "survey-2021-part2", year: 2021, respondents: 1527, sample: 1527 },
      { source: "survey-2022", year: 2022, respondents: 2286, sample: 2063 },
    ]);
  });

  it("gives the book's Kubernetes-user counts from the harmonised answers", async () => {
    const rows = await withRealDatabase((q) =>
      q(`SELECT year, count(*) FILTER (WHERE clusters IN ('1', '2-5'))::INTEGER AS small,
                count(*) FILTER (WHERE clusters NOT IN ('1', '2-5'))::INTEGER AS large
         FROM (${K8S_USERS}) WHERE year < 2020 GROUP BY year ORDER BY year`),
    );
    expect(rows).toEqual([
      { year: 2018, small: 925, large: 550 },
      { year: 2019, small: 729, large: 468 },
    ]);
  });

  it("harmonises labels so one value means the same in every year", async () => {
    const rows = await withRealDatabase((q) =>
      q(`SELECT question, option, list(DISTINCT year ORDER BY year) AS years FROM answers
         WHERE (question, option) IN (('k8s_clusters', '6-10'), ('challenges', 'Security'), ('org_size', '10-49'), ('region', 'North America'))
         GROUP BY ALL ORDER BY question`),
    );
    // 2022 recut the regions and the small organization sizes: only clusters and challenges go on.
    const expected: Record<string, number[]> = {
      k8s_clusters: [2018, 2019, 2020, 2022],
      challenges: [2018, 2019, 2020, 2022],
      org_size: [2018, 2019, 2020],
      region: [2018, 2019, 2020],
    };
    for (const row of rows) expect(row.years).toEqual(expected[String(row.question)]);
    expect(rows).toHaveLength(4);
  });

  it("matches counts taken straight from the raw columns", async () => {
    // Column counts read off the raw CSVs with Python: 2019 "Security" challenge column (531),
    // 1H 2020 organization size column headed "Oct-49" (191), 2020 clusters "5-Feb" (310).
    const rows = await withRealDatabase((q) =>
      q(`SELECT
           count(*) FILTER (WHERE year = 2019 AND question = 'challenges' AND option = 'Security')::INTEGER AS security_2019,
           count(*) FILTER (WHERE year = 2020 AND question = 'org_size' AND option = '10-49')::INTEGER AS size_2020,
           count(*) FILTER (WHERE year = 2020 AND question = 'k8s_clusters' AND option = '2-5')::INTEGER AS clusters_2020
         FROM answers`),
    );
    expect(rows[0]).toEqual({ security_2019: 531, size_2020: 191, clusters_2020: 310 });
  });

  it("places every cell of every export: 2018's split typed answers are joined back", async () => {
    const rows = await withRealDatabase((q) =>
      q(`SELECT source, "row", "column", value FROM ingest_issues
         WHERE source NOT LIKE 'survey-2021-%' ORDER BY source, "row"::INTEGER`),
    );
    // The 2021 summaries' stray analyst cells are checked in survey-2021-real.test.ts.
    expect(rows).toEqual([]);
    // Eight 2018 rows typed a comma into an Other/open box (" SCM", " please fix the survey monkey
    // flow", ")", …), which shifted the rest of their row right; joined back, rows 785 and 1626
    // give their industry where the industry question asks it (they used to land in the
    // Kubernetes cell of the projects matrix). Repaired rows: the 531 that chose the split
    // load-balancer option, and six of the eight (two of them chose it too).
    const fixed = await withRealDatabase((q) =>
      q(`SELECT r.sheet_row, a.option FROM answers a JOIN respondents r USING (source, respondent)
         WHERE a.year = 2018 AND a.question = 'industry' AND r.sheet_row IN (785, 1626) ORDER BY 1`),
    );
    expect(fixed).toEqual([
      { sheet_row: 785, option: "Technology" },
      { sheet_row: 1626, option: "Software" },
    ]);
    const repaired = await withRealDatabase((q) =>
      q(`SELECT repaired_rows FROM survey_sources WHERE year = 2018`),
    );
    expect(repaired).toEqual([{ repaired_rows: 537 }]);
  });

  it("keeps free text apart and marks its columns", async () => {
    const rows = await withRealDatabase((q) =>
      q(
        `SELECT count(*)::INTEGER AS n FROM free_text f JOIN survey_columns c ON c.source = f.source AND c.position = f.position WHERE NOT c.free_text`,
      ),
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("loads every landscape snapshot and the book's tables", async () => {
    const rows = await withRealDatabase((q) =>
      q(`SELECT strftime(snapshot, '%Y-%m-%d') AS snapshot, count(*)::INTEGER AS items FROM landscape_items
         WHERE snapshot IN ('2018-12-31', '2026-08-07') GROUP BY snapshot ORDER BY snapshot`),
    );
    expect(rows).toEqual([
      { snapshot: "2018-12-31", items: 604 },
      { snapshot: "2026-08-07", items: 2413 },
    ]);
  });
});
