import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";
import { runCli } from "../support/cli.ts";

/**
 * 2022's community and paid-panel samples, each raked to 2019's organization size × region mix.
 * Every expected value is recomputed here from the answers table with SQL of its own (the cells
 * written out as CASE expressions, not the codebook's weighting_cells), and the weights the
 * command writes are checked against the 2019 margins they were fitted to.
 */

const ORG = `CASE
  WHEN option IN ('<10', '10-49', '50-99', '10 or less', '11-50') THEN 'under 100'
  WHEN option IN ('>5000', '5,000-19,999', '20,000 or more') THEN '5000+'
  ELSE option END`;
const REGION = `CASE
  WHEN option LIKE 'Europe%' THEN 'Europe'
  WHEN option IN ('North America', 'United States or Canada') THEN 'North America'
  WHEN option IN ('Africa', 'South and Central America') OR option LIKE 'Mexico%' THEN 'Africa and Latin America'
  ELSE 'Asia-Pacific' END`;

interface WeightsJson {
  weighting: {
    sample: string;
    margins: { variable: string; targets: Record<string, number> }[];
    converged: boolean;
    iterations: number;
    n: number;
    nEff: number;
    designEffect: number;
    unknown: number;
  }[];
  rows: {
    sample: string;
    option: string;
    count: number;
    n: number;
    share: number;
    weighted_share: number;
    low: number;
    high: number;
    n_eff: number;
  }[];
  differences: {
    option: string;
    unweighted: number;
    weighted: number;
    low: number;
    high: number;
    p: number;
  }[];
}

describe.skipIf(noRealData)("weighting 2022 to 2019's organization size × region mix", () => {
  let json: WeightsJson;
  let written: { year: number; sample: string; respondent: number; weight: number }[];
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-weights-"));
    const out = join(dir, "weights.csv");
    const { stdout } = await runCli(
      [
        "weights",
        "k8s_use",
        "--year",
        "2022",
        "--weight",
        "2019",
        "--weight-by",
        "org_size,region",
        "--sample",
        "parts",
        "--format",
        "json",
        "--weights-out",
        out,
      ],
      realDatabase,
    );
    json = JSON.parse(stdout) as WeightsJson;
    const [head, ...lines] = (await readFile(out, "utf8")).trim().split("\n");
    expect(head).toBe("year,sample,respondent,weight");
    written = lines.map((l) => {
      const [year, sample, respondent, weight] = l.split(",");
      return {
        year: Number(year),
        sample: sample!,
        respondent: Number(respondent),
        weight: Number(weight),
      };
    });
    await rm(dir, { recursive: true, force: true });
  }, 120_000);
  const result = async () => json;
  const weights = async () => written;

  it("takes its targets from 2019's own answers", async () => {
    const r = await result();
    const rows = await withRealDatabase((q) =>
      q(`SELECT ${ORG} AS cell, count(*)::INTEGER AS k FROM answers
         WHERE year = 2019 AND question = 'org_size' GROUP BY ALL`),
    );
    const total = rows.reduce((s, x) => s + Number(x.k), 0);
    expect(total).toBe(1337);
    const org = r.weighting[0]!.margins.find((m) => m.variable === "org_size")!.targets;
    for (const x of rows) expect(org[String(x.cell)]).toBeCloseTo(Number(x.k) / total, 12);
    expect(org["under 100"]).toBeCloseTo(393 / 1337, 12); // <10 94, 10-49 169, 50-99 130
  });

  it("the written weights reproduce 2019's margins in each 2022 part, and their n_eff", async () => {
    const r = await result();
    const w = await weights();
    const cells = await withRealDatabase((q) =>
      q(`SELECT respondent, question, CASE question WHEN 'org_size' THEN ${ORG} ELSE ${REGION} END AS cell
         FROM answers WHERE year = 2022 AND question IN ('org_size', 'region')`),
    );
    const cellOf = new Map(cells.map((c) => [`${c.respondent}/${c.question}`, String(c.cell)]));
    for (const part of r.weighting) {
      const mine = w.filter((x) => x.sample === part.sample);
      expect(mine.length).toBe(part.n);
      const sum = mine.reduce((s, x) => s + x.weight, 0);
      const squares = mine.reduce((s, x) => s + x.weight * x.weight, 0);
      expect(part.nEff).toBeCloseTo((sum * sum) / squares, 6);
      expect(part.designEffect).toBeCloseTo(part.n / part.nEff, 9);
      expect(part.converged).toBe(true);
      for (const margin of part.margins)
        for (const [cell, target] of Object.entries(margin.targets)) {
          const got = mine
            .filter((x) => cellOf.get(`${x.respondent}/${margin.variable}`) === cell)
            .reduce((s, x) => s + x.weight, 0);
          expect(Math.abs(got / sum - target)).toBeLessThan(1e-5);
        }
    }
    // The paid panel is further from 2019's mix than the community: it costs more to weight.
    const [community, panel] = r.weighting;
    expect(community!.sample).toBe("community");
    expect(panel!.designEffect).toBeGreaterThan(community!.designEffect);
  });

  it("Kubernetes in production: counts as the answers hold them, weighted shares from the weights", async () => {
    const r = await result();
    const w = await weights();
    const answers = await withRealDatabase((q) =>
      q(`SELECT a.respondent, a.option, r.panel FROM answers a
         JOIN respondents r ON r.year = a.year AND r.respondent = a.respondent AND r.excluded IS NULL
         WHERE a.year = 2022 AND a.question = 'k8s_use'`),
    );
    for (const sample of ["community", "panel"]) {
      const mine = answers.filter((a) => (a.panel === true) === (sample === "panel"));
      const yes = mine.filter((a) => a.option === "Yes, using in production");
      const row = r.rows.find(
        (x) => x.sample === sample && x.option === "Yes, using in production",
      )!;
      expect([row.count, row.n]).toEqual([yes.length, mine.length]);
      const weightOf = new Map(
        w.filter((x) => x.sample === sample).map((x) => [x.respondent, x.weight]),
      );
      const base = mine.reduce((s, a) => s + weightOf.get(Number(a.respondent))!, 0);
      const chose = yes.reduce((s, a) => s + weightOf.get(Number(a.respondent))!, 0);
      expect(row.weighted_share).toBeCloseTo(chose / base, 9);
      expect(row.low).toBeLessThan(row.weighted_share);
      expect(row.high).toBeGreaterThan(row.weighted_share);
    }
    expect([r.rows[1]!.count, r.rows[1]!.n]).toEqual([698, 877]); // community: 79.6%
  });

  it("does not make the panel–community difference vanish", async () => {
    const r = await result();
    const production = r.differences.find((d) => d.option === "Yes, using in production")!;
    expect(production.unweighted).toBeLessThan(-0.4);
    // Weighting moves it by a few points at most, and the interval stays far from 0.
    expect(Math.abs(production.weighted - production.unweighted)).toBeLessThan(0.06);
    expect(production.high).toBeLessThan(-0.35);
    expect(production.p).toBeLessThan(1e-6);
  });
});
