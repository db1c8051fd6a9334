import { describe, expect, it } from "vitest";
import { fisherInterval, ranks, spearman } from "../../src/landscape/momentum-adoption.ts";
import { runCli } from "../support/cli.ts";
import { noRealData, realDatabase } from "../support/databases.ts";

describe("rank correlation", () => {
  it("gives ties the mean of the ranks they span", () => {
    expect(ranks([10, 30, 20, 30])).toEqual([1, 3.5, 2, 3.5]);
  });

  it("computes Spearman's rho as Pearson's of the ranks, ties included", () => {
    // By hand: ranks of y are 1, 2, 3.5, 5, 3.5; Σdxdy = 8, Σdx² = 10, Σdy² = 9.5 → 8/√95.
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207827, 6);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(spearman([1, 2], [1, 2])).toBeNull();
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNull();
  });

  it("gives the Fisher-z interval with the 1.06 / (n − 3) variance", () => {
    // atanh(0.5) ± 1.959964·√(1.06/25), back through tanh (computed with Python's math module).
    const ci = fisherInterval(0.5, 28)!;
    expect(ci.low).toBeCloseTo(0.144702, 5);
    expect(ci.high).toBeCloseTo(0.741087, 5);
    expect(fisherInterval(0.5, 3)).toBeNull();
    expect(fisherInterval(1, 30)).toBeNull();
  });
});

describe.skipIf(noRealData)("momentum --adoption on the real database", () => {
  it("puts each survey's project use beside the GitHub facts taken before it", async () => {
    const { stdout } = await runCli(["momentum", "--adoption", "--format", "json"], realDatabase);
    const { rows, correlations } = JSON.parse(stdout) as {
      rows: Record<string, unknown>[];
      correlations: Record<string, unknown>[];
    };
    const adoption = JSON.parse(
      (await runCli(["landscape", "--adoption", "--format", "json"], realDatabase)).stdout,
    ) as Record<string, unknown>[];
    const k8s = rows.find(
      (r) => r.question === "cncf_projects" && r.project === "Kubernetes" && r.year === 2020,
    )!;
    const same = adoption.find((r) => r.project === "Kubernetes" && r.year === 2020)!;
    // The survey side is landscape --adoption's own; 1H 2020's reference date (2020-06-01) falls
    // after 2019-12-31 and before 2020-07-31, so the GitHub side is 2019-12-31's (61,789 stars and
    // 2,402 contributors, read by hand in the YAML).
    expect(k8s).toMatchObject({
      n: same.n,
      production: same.production,
      reference_date: "2020-06-01",
      github_snapshot: "2019-12-31",
      stars: 61789,
      contributors: 2402,
    });
    // 2018 (reference 2018-07-01) reads 2018-06-30; 2019 (2019-08-01) reads 2019-06-30.
    const snapshotOf = (year: number) =>
      new Set(rows.filter((r) => r.year === year).map((r) => r.github_snapshot));
    expect(snapshotOf(2018)).toEqual(new Set(["2018-06-30"]));
    expect(snapshotOf(2019)).toEqual(new Set(["2019-06-30"]));
    // The service mesh matrix counts as the project matrix: anyone choosing a level in the row.
    const istio = rows.find(
      (r) => r.question === "service_mesh" && r.project === "Istio" && r.year === 2020,
    )!;
    const [counted] = JSON.parse(
      (
        await runCli(
          [
            "sql",
            `SELECT count(DISTINCT respondent)::INTEGER AS n, count(DISTINCT respondent) FILTER (WHERE value = 'Using in production')::INTEGER AS production FROM answers WHERE question = 'service_mesh' AND option = 'Istio' AND year = 2020`,
            "--format",
            "json",
          ],
          realDatabase,
        )
      ).stdout,
    ) as { n: number; production: number }[];
    expect(istio).toMatchObject({
      ...counted,
      github_snapshot: "2019-12-31",
      stars: expect.any(Number),
    });
    expect(rows.some((r) => /^(Other|None)/.test(String(r.project)))).toBe(false);
    // The project matrix: 3 years × 2 survey measures × 2 GitHub measures.
    expect(correlations.filter((c) => c.question === "cncf_projects")).toHaveLength(12);
    for (const c of correlations.filter((c) => c.question === "cncf_projects")) {
      expect(c.projects).toBeGreaterThanOrEqual(20);
      expect(Number(c.low)).toBeLessThan(Number(c.rho));
      expect(Number(c.high)).toBeGreaterThan(Number(c.rho));
    }
  });
});
