import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCodebook } from "../../src/ingest/codebook/codebook.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { tQuantile } from "../../src/survey/ordinal-stats.ts";
import type { OrdinalScale, OrdinalSummary } from "../../src/survey/ordinal-summary.ts";
import { summariseWeighted } from "../../src/survey/ordinal-weighted.ts";
import type { CrosstabResult } from "../../src/survey/crosstab-result.ts";
import { runCli } from "../support/cli.ts";
import { fixture, fixtureSource } from "../support/fixtures.ts";

/**
 * Weighted ordinal summaries, worked by hand.
 *
 * wsummary-2018.csv (10 respondents): 6 Europe answering 1, 1, 1, 2-5, 2-5, 6-10 clusters;
 *   4 North America answering 11-20, 21-50, 50+ and one blank (not in the base, but weighted: the
 *   year is raked on its whole sample). Targets half-region.yml (Europe ½, North America ½):
 *   Europe 6 of 10 → w = 5/6, North America 4 of 10 → w = 5/4.
 * On the scale: 9 respondents. Σw = 6·5/6 + 3·5/4 = 35/4 = 8.75; Σw² = 6·25/36 + 3·25/16 = 425/48;
 *   n_eff = (35/4)² / (425/48) = 147/17 = 8.6471.
 * Mean (midpoints 1, 3.5, 8, 15.5, 35.5, 75): Σw·x = 5/6·(1+1+1+3.5+3.5+8) + 5/4·(15.5+35.5+75)
 *   = 15 + 157.5 = 172.5; / 8.75 = 138/7 = 19.7143 (unweighted 144/9 = 16).
 *   Σw(x − m)²/Σw × n_eff/(n_eff − 1) = 187569/260 = 721.4192 → sd 26.8592; interval
 *   ± t(0.975, 130/17) × 26.8592/√(147/17).
 * Median: weighted cumulative shares 1: 2.5/8.75 = 0.2857, 2-5: 4.1667/8.75 = 0.4762, 6-10: 5/8.75
 *   = 0.5714 ≥ ½ → 6-10 (unweighted: the 5th of 9 values, 3.5 → 2-5). Interval on m = ⌊8.6471⌋ = 8:
 *   P(B ≤ 0) = 1/256 ≤ 2.5% < P(B ≤ 1) = 9/256 → ranks 1 and 8: shares 1/8 (→ 1) and 8/8 (→ 50+),
 *   coverage 1 − 2/256 = 0.9922.
 */
let database: string;

beforeAll(async () => {
  const ids = ["region", "org_size", "k8s_clusters", "challenges"];
  const questions = (await loadCodebook())
    .filter((q) => ids.includes(q.id))
    .map((q) => ({
      ...q,
      years: Object.fromEntries(Object.entries(q.years).filter(([y]) => y === "2018")),
    }));
  database = join(await mkdtemp(join(tmpdir(), "kc-wsummary-")), "census.duckdb");
  await ingest({
    sources: [fixtureSource("surveys/wsummary-2018.csv", 2018, "survey-2018")],
    rawDir: fixture(""),
    databasePath: database,
    questions,
    // why: the codebook is cut to the questions under test
    minCoverage: 0,
    log: () => {},
  });
}, 120_000);

const WEIGHTED = [
  "crosstab",
  "k8s_clusters",
  "--by",
  "year",
  "--summary",
  "--weight",
  fixture("weights/half-region.yml"),
  "--weight-by",
  "region",
];

describe("crosstab --summary --weight, worked by hand", () => {
  it("weighted mean, sd, interval on n_eff and median as worked out by hand", async () => {
    const out = JSON.parse(
      (await runCli([...WEIGHTED, "--format", "json"], database)).stdout,
    ) as CrosstabResult & { summary: OrdinalSummary };
    const s = out.summary;
    expect(s.weighted).toBe(true);
    const r = s.rows[0]!;
    expect(r.n).toBe(9);
    expect(r.left_out).toBe(0);
    expect(r.weighted_n).toBeCloseTo(8.75, 4);
    expect(r.n_eff).toBeCloseTo(147 / 17, 3);
    expect(r.mean).toBeCloseTo(138 / 7, 3);
    expect(r.sd).toBeCloseTo(Math.sqrt(187569 / 260), 3);
    const half = tQuantile(0.975, 130 / 17) * (Math.sqrt(187569 / 260) / Math.sqrt(147 / 17));
    // t with 7.65 df lies between the tables' t(7) = 2.3646 and t(8) = 2.3060
    expect(tQuantile(0.975, 130 / 17)).toBeGreaterThan(2.306);
    expect(tQuantile(0.975, 130 / 17)).toBeLessThan(2.3646);
    expect(r.mean_ci_low).toBeCloseTo(138 / 7 - half, 3);
    expect(r.mean_ci_high).toBeCloseTo(138 / 7 + half, 3);
    expect([r.median_low, r.median_high]).toEqual(["6-10", "6-10"]);
    expect([r.median_ci_low, r.median_ci_high]).toEqual(["1", "50+"]);
    expect(r.median_ci_coverage).toBeCloseTo(1 - 2 / 256, 4);
    expect(s.definitions.mean).toMatch(/weighted mean Σw·x \/ Σw/);
    expect(s.definitions.mean).toMatch(/t\(0\.975, n_eff − 1\)/);
    // the same weights as the cells: the weighted shares × midpoints give the mean again
    const midpoint: Record<string, number> = {
      "1": 1,
      "2-5": 3.5,
      "6-10": 8,
      "11-20": 15.5,
      "21-50": 35.5,
      "50+": 75,
    };
    // why: Σw per cell (4 decimals), not the share (4 decimals of a fraction, × 75 off by 0.005)
    const onScale = out.rows.filter((c) => c.option in midpoint);
    const fromCells =
      onScale.reduce((sum, c) => sum + c.weighted_count! * midpoint[c.option]!, 0) /
      onScale.reduce((sum, c) => sum + c.weighted_count!, 0);
    expect(fromCells).toBeCloseTo(r.mean!, 3);
  });

  it("the table says the block is weighted and shows n, Σw and n_eff", async () => {
    const { stdout } = await runCli(WEIGHTED, database);
    expect(stdout).toContain("WEIGHTED summaries of the answers on the scale");
    expect(stdout).toMatch(/n \(on the scale\)\s+9\*\n/);
    expect(stdout).toMatch(/Σw\s+8\.8\n/);
    expect(stdout).toMatch(/n_eff\s+8\.6\n/);
    expect(stdout).toMatch(/mean\s+19\.7\n/);
    expect(stdout).toMatch(/Mean: weighted mean/);
    const csv = (await runCli([...WEIGHTED, "--format", "csv"], database)).stdout;
    expect(csv.split("\n")[0]).toMatch(/,n,weighted_n,n_eff,left_out,/);
  });
});

describe("summariseWeighted", () => {
  const scale: OrdinalScale = {
    question: "q",
    name: "three words",
    years: [2018],
    unit: null,
    points: [
      { option: "low", midpoint: null, box: "bottom" },
      { option: "mid", midpoint: null, box: null },
      { option: "high", midpoint: null, box: "top" },
    ],
    off_scale: [],
    open_top: null,
    note: null,
  };

  it("net score: weighted shares, multinomial variance on n_eff", () => {
    // Four respondents: low w = 2, mid w = 1, high w = ½ and ½. Σw = 4, Σw² = 4 + 1 + ¼ + ¼ = 5.5,
    // n_eff = 16/5.5 = 2.9091. top ¼, bottom ½: score −25 points; variance (¾ − 1/16)/n_eff =
    // 0.6875 × 5.5/16 = 0.236328, half-width 1.96 × 0.486136 = 0.952826 → −120.28 to +70.28.
    const r = summariseWeighted(scale, [1, 1, 2], [2, 1, 1], [4, 1, 0.5]);
    expect(r.n).toBe(4);
    expect(r.n_eff).toBeCloseTo(2.9091, 4);
    expect(r.mean).toBeNull();
    expect(r.net_score).toEqual({
      top: 2,
      bottom: 1,
      score: -25,
      ci_low: -120.2826,
      ci_high: 70.2826,
    });
    // cumulative shares ½ (low), ¾ (mid): exactly ½ at low's end, so between low and mid
    expect([r.median_low, r.median_high]).toEqual(["low", "mid"]);
    // n_eff under 6: no order-statistic interval, as for n ≤ 5 unweighted
    expect(r.median_ci_low).toBeNull();
    expect(r.small_base).toBe(true);
  });
});
