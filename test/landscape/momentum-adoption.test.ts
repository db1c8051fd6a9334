import { describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fisherInterval, ranks, spearman } from "../../src/landscape/momentum-adoption.ts";
import { readProductAliases } from "../../src/landscape/product-aliases.ts";
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

describe("the reviewed alias table of the ingress and CI/CD lists", () => {
  it("names the file, the entry and the field of a bad value", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-aliases-"));
    try {
      const file = join(dir, "product-aliases.yml");
      await writeFile(
        file,
        'aliases:\n  - question: storage\n    option: "X"\n    landscape: []\n    why: "w"\nunmatched: []\n',
      );
      const error = await readProductAliases(file).catch((e: Error) => e);
      expect(String((error as Error).message)).toContain(file);
      expect(String((error as Error).message)).toContain('aliases[0] (entry 1), field "question"');
      expect(String((error as Error).message)).toContain('aliases[0] (entry 1), field "landscape"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(noRealData)("momentum --adoption: the ingress and CI/CD lists", () => {
  it("counts a tick as use among those answering the list, matched by name or the reviewed table", async () => {
    const { stdout } = await runCli(["momentum", "--adoption", "--format", "json"], realDatabase);
    const { rows, correlations } = JSON.parse(stdout) as {
      rows: Record<string, unknown>[];
      correlations: Record<string, unknown>[];
    };
    const [counted] = JSON.parse(
      (
        await runCli(
          [
            "sql",
            `SELECT count(DISTINCT respondent)::INTEGER AS n, count(DISTINCT respondent) FILTER (WHERE option = 'Project Contour')::INTEGER AS production FROM answers WHERE question = 'ingress' AND year = 2020`,
            "--format",
            "json",
          ],
          realDatabase,
        )
      ).stdout,
    ) as { n: number; production: number }[];
    const contour = rows.find(
      (r) => r.question === "ingress" && r.project === "Project Contour" && r.year === 2020,
    )!;
    // Through the alias: 2019-12-31 lists it as Contour (projectcontour/contour, 2,049 stars and
    // 83 contributors, read by hand in the YAML).
    expect(contour).toMatchObject({
      ...counted,
      github_snapshot: "2019-12-31",
      repo_url: "https://github.com/projectcontour/contour",
      stars: 2049,
      contributors: 83,
      evaluating: null,
      evaluating_share: null,
    });
    // Reviewed as another product's repository: no GitHub facts.
    const travis = rows.filter((r) => r.question === "cicd" && r.project === "Travis CI");
    expect(travis.length).toBeGreaterThan(0);
    expect(travis.every((r) => r.stars === null && r.repo_url === null)).toBe(true);
    // No answer that names no product.
    expect(
      rows.filter(
        (r) =>
          ["ingress", "cicd"].includes(String(r.question)) &&
          /^(Other|None|N\/A|Custom Scripts|Managed build)/.test(String(r.project)),
      ),
    ).toEqual([]);
    // 2022's CI/CD list is dated (2022-07-13) but no processed snapshot lies within 183 days before
    // it (they end 2020-07-31): its rows stand beside no GitHub facts, say the panel mix, and
    // enter no correlation.
    const cicd2022 = rows.filter((r) => r.question === "cicd" && r.year === 2022);
    expect(cicd2022.length).toBeGreaterThan(0);
    expect(cicd2022.every((r) => r.github_snapshot === null && r.stars === null)).toBe(true);
    expect(cicd2022.every((r) => /paid panel/.test(String(r.note ?? "")))).toBe(true);
    expect(correlations.some((c) => c.year === 2022 || c.year === 2021)).toBe(false);
    // Their own correlations, production only.
    const lists = correlations.filter((c) => ["ingress", "cicd"].includes(String(c.question)));
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((c) => c.survey_measure === "production_share")).toBe(true);
    expect(lists.map((c) => `${c.question} ${c.year}`)).toContain("cicd 2019");
  });

  it("every landscape name of the table is an item of some processed snapshot", async () => {
    const aliases = await readProductAliases();
    const names = aliases.aliases.flatMap((a) => a.landscape);
    const { stdout } = await runCli(
      ["sql", "SELECT DISTINCT name FROM momentum", "--format", "json"],
      realDatabase,
    );
    const known = new Set((JSON.parse(stdout) as { name: string }[]).map((r) => r.name));
    expect(names.filter((n) => !known.has(n))).toEqual([]);
  });
});
