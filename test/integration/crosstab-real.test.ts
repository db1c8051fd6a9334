import { describe, expect, it } from "vitest";
import { CrosstabJson } from "../support/crosstab-json.ts";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";
import { runCli } from "../support/cli.ts";

const run = (args: string[]) => runCli(args, realDatabase);

const crosstab = async (...args: string[]): Promise<CrosstabJson> =>
  CrosstabJson.parse(JSON.parse((await run(["crosstab", ...args, "--format", "json"])).stdout));
const cell = (r: CrosstabJson, year: number, column: string, option: string) =>
  r.rows.find((c) => c.year === year && c.column === column && c.option === option)!;

// Written out here, independently of the K8S_USERS CTE the command reuses.
const K8S_USERS_2019 = `
SELECT DISTINCT c.respondent FROM answers c
WHERE c.year = 2019 AND c.question = 'k8s_clusters' AND c.option IN ('1', '2-5', '6-10', '11-20', '21-50', '50+')
  AND EXISTS (SELECT 1 FROM answers x WHERE x.year = 2019 AND x.respondent = c.respondent AND x.question = 'challenges')`;

describe.skipIf(noRealData)("crosstab on the real exports", () => {
  it("challenges by organization size, 2019 Kubernetes users: n and counts as plain SQL counts them", async () => {
    const r = await crosstab(
      "challenges",
      "--by",
      "org_size",
      "--year",
      "2019",
      "--universe",
      "k8s-users",
    );
    expect(r.columns.reduce((s, c) => s + c.n, 0)).toBe(1197);
    const [expected] = await withRealDatabase((query) =>
      query(`
        SELECT count(DISTINCT s.respondent)::INTEGER AS n,
               count(DISTINCT s.respondent) FILTER (WHERE ch.option = 'Security')::INTEGER AS security
        FROM answers s JOIN answers ch ON ch.year = s.year AND ch.respondent = s.respondent AND ch.question = 'challenges'
        WHERE s.year = 2019 AND s.question = 'org_size' AND s.option = '>5000'
          AND s.respondent IN (${K8S_USERS_2019})`),
    );
    expect(cell(r, 2019, ">5000", "Security")).toMatchObject({
      n: expected!.n,
      count: expected!.security,
      letter: "G",
    });
    expect(r.columns.map((c) => c.label)).toEqual([
      "<10",
      "10-49",
      "50-99",
      "100-499",
      "500-999",
      "1000-4999",
      ">5000",
    ]);
    expect(r.method).toMatch(/Bonferroni/);
  });

  it("challenges by clusters, 2019: the columns add up to fig-2-6's two groups (729 and 468)", async () => {
    const r = await crosstab(
      "challenges",
      "--by",
      "k8s_clusters",
      "--year",
      "2019",
      "--universe",
      "k8s-users",
    );
    const n = (labels: string[]) =>
      r.columns.filter((c) => labels.includes(c.label)).reduce((s, c) => s + c.n, 0);
    expect(n(["1", "2-5"])).toBe(729);
    expect(n(["6-10", "11-20", "21-50", "50+"])).toBe(468);
    const figure = JSON.parse(
      (await run(["figure", "fig-2-6", "--format", "json", "--year", "2019"])).stdout,
    );
    const security = (segment: string) =>
      figure.rows.find(
        (f: { segment: string; category: string }) =>
          f.segment === segment && f.category === "Security",
      ).count;
    const sum = (labels: string[]) =>
      labels.reduce((s, l) => s + cell(r, 2019, l, "Security").count, 0);
    expect(sum(["1", "2-5"])).toBe(security("1-5 clusters"));
    expect(sum(["6-10", "11-20", "21-50", "50+"])).toBe(security("more than 5 clusters"));
  });

  it("clusters by year: the book's Kubernetes-user bases and fig-1-1's more-than-5 counts", async () => {
    const r = await crosstab("k8s_clusters", "--by", "year", "--universe", "k8s-users");
    expect(r.columns.slice(0, 3)).toEqual([
      { letter: "A", label: "2018", n: 1475 },
      { letter: "B", label: "2019", n: 1197 },
      { letter: "C", label: "2020", n: 789 },
    ]);
    const moreThan5 = (year: string) =>
      ["6-10", "11-20", "21-50", "50+"].reduce(
        (s, o) => s + r.rows.find((c) => c.column === year && c.option === o)!.count,
        0,
      );
    expect(moreThan5("2018")).toBe(550);
    expect(moreThan5("2019")).toBe(468);
    // With the year as banner, one row compares the years: 2018's 22.5% on one cluster is above the rest.
    expect(r.rows.find((c) => c.column === "2018" && c.option === "1")!.higher_than).toContain("B");
  });

  it("--where region=Europe: the years Europe was an answer, n as plain SQL counts it", async () => {
    const r = await crosstab("k8s_clusters", "--by", "org_size", "--where", "region=Europe");
    expect(r.years).toEqual([2018, 2019, 2020]); // 2022 says "Europe (including Russia)"
    const [expected] = await withRealDatabase((query) =>
      query(`
        SELECT count(DISTINCT s.respondent)::INTEGER AS n,
               count(DISTINCT s.respondent) FILTER (WHERE k.option = '2-5')::INTEGER AS two_to_five
        FROM answers s
        JOIN answers k ON k.year = s.year AND k.respondent = s.respondent AND k.question = 'k8s_clusters'
        JOIN answers g ON g.year = s.year AND g.respondent = s.respondent AND g.question = 'region'
        WHERE s.year = 2019 AND s.question = 'org_size' AND s.option = '100-499' AND g.option = 'Europe'`),
    );
    expect(cell(r, 2019, "100-499", "2-5")).toMatchObject({
      n: expected!.n,
      count: expected!.two_to_five,
    });
  });

  it("small bases are flagged and never tested", async () => {
    const r = await crosstab("challenges", "--by", "region", "--year", "2019");
    const africa = r.rows.filter((c) => c.column === "Africa");
    expect(africa[0]!.n).toBeLessThan(30);
    expect(africa.every((c) => c.small_base && c.higher_than.length === 0)).toBe(true);
    const africaLetter = r.columns.find((c) => c.label === "Africa")!.letter;
    expect(r.rows.some((c) => c.higher_than.includes(africaLetter))).toBe(false);
  });

  it("errors: an unknown question with its nearest match, a matrix banner refused", async () => {
    await expect(run(["crosstab", "chalenges", "--by", "org_size"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /unknown question: chalenges\. Did you mean challenges\?.*org_size/,
      ),
    });
    await expect(run(["crosstab", "challenges", "--by", "cncf_projects"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cncf_projects is a matrix question.*option × level/),
    });
    await expect(
      run(["crosstab", "challenges", "--by", "org_size", "--where", "region=Europa"]),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("Did you mean Europe?") });
    await expect(
      run(["crosstab", "challenges", "--by", "org_size", "--year", "2021"]),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Valid years: 2018, 2019, 2020, 2022"),
    });
  });

  it("a multi-select banner: bases, counts and each pair's shared respondents as plain SQL counts them", async () => {
    const r = await crosstab("k8s_clusters", "--by", "job_function", "--year", "2019");
    const [expected] = await withRealDatabase((query) =>
      query(`
        WITH jf AS (SELECT respondent, option FROM answers WHERE year = 2019 AND question = 'job_function'),
        k AS (SELECT respondent, option FROM answers WHERE year = 2019 AND question = 'k8s_clusters')
        SELECT
          (SELECT count(DISTINCT respondent) FROM jf WHERE option = 'Software Architect'
             AND respondent IN (SELECT respondent FROM k))::INTEGER AS architects,
          (SELECT count(DISTINCT respondent) FROM jf WHERE option = 'DevOps Management'
             AND respondent IN (SELECT respondent FROM k))::INTEGER AS devops,
          (SELECT count(DISTINCT a.respondent) FROM jf a JOIN jf b USING (respondent)
             WHERE a.option = 'Software Architect' AND b.option = 'DevOps Management'
               AND a.respondent IN (SELECT respondent FROM k))::INTEGER AS both,
          (SELECT count(DISTINCT a.respondent) FROM jf a JOIN jf b USING (respondent) JOIN k USING (respondent)
             WHERE a.option = 'Software Architect' AND b.option = 'DevOps Management'
               AND k.option = '2-5')::INTEGER AS both_2_5`),
    );
    // one respondent once per column: the bases are people, not answer rows
    expect(cell(r, 2019, "Software Architect", "2-5").n).toBe(expected!.architects);
    expect(cell(r, 2019, "DevOps Management", "2-5").n).toBe(expected!.devops);
    expect(expected!.both).toBeGreaterThan(100);
    const letter = (label: string) => r.columns.find((c) => c.label === label)!.letter;
    const pair = r.differences.find(
      (d) =>
        d.option === "2-5" &&
        [d.a, d.b].sort().join() ===
          [letter("Software Architect"), letter("DevOps Management")].sort().join(),
    )!;
    expect(pair.overlap).toBe(expected!.both);
    // the pair's difference is the two cells' shares apart, inside its interval
    const share = (label: string) => cell(r, 2019, label, "2-5").share!;
    const byLetter = Object.fromEntries(r.columns.map((c) => [c.letter, c.label]));
    expect(pair.difference).toBeCloseTo(share(byLetter[pair.b]!) - share(byLetter[pair.a]!), 3);
    expect(pair.ci_low).toBeLessThan(pair.difference);
    expect(pair.ci_high).toBeGreaterThan(pair.difference);
    expect(expected!.both_2_5).toBeGreaterThan(0);
    expect(r.method).toMatch(/share respondents.*dependent-proportions/);
    // a pair whose columns share nobody is the ordinary test
    expect(r.differences.every((d) => d.overlap >= 0)).toBe(true);
  });

  it("trends by year: over the unbroken years only, the 2022 panel a break unless the community part is asked for", async () => {
    const all = await crosstab("k8s_clusters", "--by", "year", "--universe", "k8s-users");
    const one = all.trends.find((t) => t.option === "1")!;
    // 2022's whole sample carries the panel break (and the clusters list's own), so 2018–1H 2020
    expect(one).toMatchObject({ years: [2018, 2019, 2020], direction: "down", not_tested: null });
    const panel = all.breaks.find((b) => b.role === "sample")!;
    expect(one.breaks).toContain(panel.number);
    expect(one.note).toMatch(/--sample community/);
    // the statistic from the cells' own counts (Cochran–Armitage, scores 2018, 2019, 2020)
    const groups = [2018, 2019, 2020].map((y) => cell(all, y, String(y), "1"));
    const N = groups.reduce((s, g) => s + g.n, 0);
    const mean = groups.reduce((s, g) => s + g.n * g.year, 0) / N;
    const p = groups.reduce((s, g) => s + g.count, 0) / N;
    const T = groups.reduce((s, g) => s + g.count * (g.year - mean), 0);
    const spread = groups.reduce((s, g) => s + g.n * (g.year - mean) ** 2, 0);
    expect(one.z).toBeCloseTo(T / Math.sqrt(p * (1 - p) * spread), 3);
    // a trend never spans a break that stops the letters between the same two years
    for (const t of all.trends.filter((x) => x.p !== null)) {
      const [first, last] = [t.years[0]!, t.years.at(-1)!];
      const firstCell = all.rows.find((c) => c.option === t.option && c.year === first)!;
      const lastCell = all.rows.find((c) => c.option === t.option && c.year === last)!;
      expect(lastCell.not_comparable, `${t.option}`).not.toContain(firstCell.letter);
    }
  });
});
