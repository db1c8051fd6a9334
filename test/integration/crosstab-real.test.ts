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

  it("errors: an unknown question with its nearest match, a multi-select banner refused", async () => {
    await expect(run(["crosstab", "chalenges", "--by", "org_size"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /unknown question: chalenges\. Did you mean challenges\?.*org_size/,
      ),
    });
    await expect(run(["crosstab", "challenges", "--by", "job_function"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/multi-select.*overlap.*independence/),
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
});
