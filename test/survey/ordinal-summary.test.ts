import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCodebook } from "../../src/ingest/codebook/codebook.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { dataDir } from "../../src/paths.ts";
import { medianRanks, tQuantile } from "../../src/survey/ordinal-stats.ts";
import {
  scaleFor,
  summariseCounts,
  type OrdinalScale,
  type OrdinalSummary,
} from "../../src/survey/ordinal-summary.ts";
import { runCli } from "../support/cli.ts";
import { fixture, fixtureSource } from "../support/fixtures.ts";

/**
 * Ordinal summaries, every number worked out by hand.
 *
 * nets-2018.csv (test/survey/crosstab-nets.test.ts lists it), clusters and size per respondent:
 *   r1 6-10 >5000 · r2 50+ 1000-4999 · r3 1 >5000 · r4 2-5 100-499 · r5 11-20 1000-4999 ·
 *   r6 21-50 100-499 · r7 (no cluster count) <10 · r8 2-5 (no size).
 *   Midpoints (data/codebook/k8s_clusters.yml): 1, 3.5, 8, 15.5, 35.5, 75.
 *   Seven values: 8, 75, 1, 3.5, 15.5, 35.5, 3.5 → sum 142, mean 142/7 = 20.2857;
 *   squares about the mean 4,334.4184 / 6 → sd 26.8776; t(0.975, 6) = 2.446912 (tables):
 *   half-width 2.446912 × 26.8776 / √7 = 24.8576 → −4.5719 to 45.1433.
 *   Sorted 1, 3.5, 3.5, 8, 15.5, 35.5, 75: median the 4th, 8 → bucket 6-10. Interval ranks for
 *   n = 7: P(B ≤ 0) = 1/128 ≤ 2.5% < P(B ≤ 1) = 8/128, so l = 1, u = 7: 1 to 50+, coverage
 *   1 − 2/128 = 0.984375.
 *   By size: >5000 holds 6-10 and 1 → mean 4.5, its two middle values in two buckets (1, 6-10).
 *
 * recommend-2018.csv: ten answers on 2018's eleven points, lowest first Never, Extremely
 *   Unlikely, Unlikely, Neither, Somewhat Likely, Likely, Very Likely, Extremely Likely,
 *   Absolutely × 2 (one blank row: not in n). Top box (Absolutely, Extremely Likely) 3, bottom
 *   box (Extremely Unlikely, Never) 2: score 30% − 20% = 10 points; variance (0.3 + 0.2 − 0.1²)
 *   / 10 = 0.049, half-width 1.96 × √0.049 = 0.433864 → −33.3864 to +53.3864 points. Median:
 *   ranks 5 and 6, Somewhat Likely and Likely; interval ranks 2 and 9 (n = 10: P(B ≤ 1) =
 *   11/1024 ≤ 2.5% < P(B ≤ 2) = 56/1024): Extremely Unlikely to Absolutely.
 */

let clusters: string;
let recommend: string;

/** The real codebook cut to `ids` and `years`, as the ingest takes it. */
async function codebook(ids: string[], years: string[]) {
  return (await loadCodebook())
    .filter((q) => ids.includes(q.id))
    .map((q) => ({
      ...q,
      years: Object.fromEntries(Object.entries(q.years).filter(([y]) => years.includes(y))),
    }));
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "kc-ordinal-"));
  clusters = join(dir, "clusters.duckdb");
  recommend = join(dir, "recommend.duckdb");
  await ingest({
    sources: [fixtureSource("surveys/nets-2018.csv", 2018, "survey-2018")],
    rawDir: fixture(""),
    databasePath: clusters,
    questions: await codebook(["region", "org_size", "k8s_clusters", "challenges"], ["2018"]),
    // why: the codebook is cut to the questions under test
    minCoverage: 0,
    log: () => {},
  });
  await ingest({
    sources: [fixtureSource("surveys/recommend-2018.csv", 2018, "survey-2018")],
    rawDir: fixture(""),
    databasePath: recommend,
    questions: await codebook(["region", "cncf_recommend"], ["2018"]),
    minCoverage: 0,
    log: () => {},
  });
}, 120_000);
afterAll(() => {});

const summaryOf = async (args: string[], database: string) =>
  (
    JSON.parse((await runCli([...args, "--summary", "--format", "json"], database)).stdout) as {
      summary: OrdinalSummary;
    }
  ).summary;

describe("the distributions behind the intervals", () => {
  it("t quantiles match the tables", () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
    expect(tQuantile(0.975, 6)).toBeCloseTo(2.446912, 6);
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262157, 6);
    expect(tQuantile(0.975, 49)).toBeCloseTo(2.009575, 6);
    expect(tQuantile(0.975, 1000)).toBeCloseTo(1.962339, 6);
    expect(tQuantile(0.025, 9)).toBeCloseTo(-2.262157, 6);
  });

  it("median ranks come from the binomial with p = ½", () => {
    // n = 10: P(B ≤ 1) = 11/1024 ≤ 2.5% < P(B ≤ 2) = 56/1024
    expect(medianRanks(10)).toEqual({ lower: 2, upper: 9, coverage: 1 - 22 / 1024 });
    // n = 6: P(B ≤ 0) = 1/64 ≤ 2.5% < P(B ≤ 1) = 7/64
    expect(medianRanks(6)).toEqual({ lower: 1, upper: 6, coverage: 1 - 2 / 64 });
    // n = 5: even the extremes cover only 1 − 2/32 = 93.75%
    expect(medianRanks(5)).toBeNull();
    // large n stays finite (2^−n underflows in linear space) and near n/2 − 0.98√n
    const big = medianRanks(2000)!;
    expect(big.lower).toBeGreaterThan(950);
    expect(big.lower).toBeLessThan(960);
    expect(big.upper).toBe(2001 - big.lower);
    expect(big.coverage).toBeGreaterThanOrEqual(0.95);
  });
});

describe("summaries of counts", () => {
  const scale: OrdinalScale = {
    question: "q",
    name: "four buckets",
    years: [2019],
    unit: "things",
    points: [
      { option: "a", midpoint: 1, box: null },
      { option: "b", midpoint: 3.5, box: null },
      { option: "c", midpoint: 8, box: null },
      { option: "d", midpoint: 75, box: null },
    ],
    off_scale: [],
    open_top: "d is open",
    note: null,
  };

  it("mean, sd and t interval on the respondent-level midpoints", () => {
    // 3×1 + 4×3.5 + 2×8 + 1×75 = 108 over 10 → 10.8; squares 3×96.04 + 4×53.29 + 2×7.84 +
    // 4,121.64 = 4,638.6, / 9 = 515.4, sd 22.702423; half 2.262157 × 22.702423 / √10 = 16.24040
    const r = summariseCounts(scale, [3, 4, 2, 1]);
    expect(r.n).toBe(10);
    expect(r.mean).toBe(10.8);
    expect(r.sd).toBeCloseTo(Math.sqrt(515.4), 4);
    expect(r.mean_ci_low).toBeCloseTo(10.8 - 16.2404, 3);
    expect(r.mean_ci_high).toBeCloseTo(10.8 + 16.2404, 3);
    // ranks 5 and 6 both in b (cumulative 3, 7); interval ranks 2 (a) and 9 (c: cumulative 9)
    expect([r.median_low, r.median_high]).toEqual(["b", "b"]);
    expect([r.median_ci_low, r.median_ci_high]).toEqual(["a", "c"]);
    expect(r.median_ci_coverage).toBeCloseTo(1 - 22 / 1024, 4);
    expect(r.net_score).toBeUndefined();
  });

  it("an even n split between two buckets has a median between them; n = 1 has no interval", () => {
    const r = summariseCounts(scale, [5, 5, 0, 0]);
    expect([r.median_low, r.median_high]).toEqual(["a", "b"]);
    const one = summariseCounts(scale, [0, 0, 1, 0]);
    expect(one.mean).toBe(8);
    expect(one.mean_ci_low).toBeNull();
    expect(one.median_ci_low).toBeNull();
    expect(one.small_base).toBe(true);
  });

  it("counts run the weighted path with weight 1, still exact for a large n", () => {
    // n = 1,000,001: the middle respondent is ranked 500,001, the first in b. A share tolerance
    // (the weighted path's 1e-6 for Σw of doubles) would read a's 500,000/1,000,001 = 0.4999995 as
    // reaching ½ and put the median in a.
    const r = summariseCounts(scale, [500_000, 500_001, 0, 0]);
    expect([r.median_low, r.median_high]).toEqual(["b", "b"]);
    // an unweighted row states no Σw or n_eff
    expect(r).not.toHaveProperty("weighted_n");
    expect(r).not.toHaveProperty("n_eff");
  });

  it("pooling years of two scale versions is refused; a year without a scale too", () => {
    const recut: OrdinalScale = { ...scale, name: "recut", years: [2022] };
    expect(scaleFor("q", [scale, recut], [2019])).toBe(scale);
    expect(() => scaleFor("q", [scale, recut], [2019, 2022])).toThrow(
      /2019, 2022 pool two scale versions \(four buckets: 2019; recut: 2022\)/,
    );
    expect(() => scaleFor("q", [scale, recut], [2020])).toThrow(/no scale for 2020/);
    expect(() => scaleFor("challenges", [], [2019])).toThrow(/challenges has no ordinal scale/);
  });
});

describe("crosstab --summary on fixture exports", () => {
  it("clusters by year: mean, interval and median as worked out by hand", async () => {
    const s = await summaryOf(["crosstab", "k8s_clusters", "--by", "year"], clusters);
    expect(s.rows).toHaveLength(1);
    const r = s.rows[0]!;
    expect(r).toMatchObject({ year: 2018, letter: "A", n: 7, left_out: 0, scale: "six buckets" });
    expect(r.mean).toBeCloseTo(142 / 7, 4);
    expect(r.sd).toBeCloseTo(26.8776, 4);
    expect(r.mean_ci_low).toBeCloseTo(-4.5719, 3);
    expect(r.mean_ci_high).toBeCloseTo(45.1433, 3);
    expect([r.median_low, r.median_high]).toEqual(["6-10", "6-10"]);
    expect([r.median_ci_low, r.median_ci_high]).toEqual(["1", "50+"]);
    expect(r.median_ci_coverage).toBe(0.9844);
    // the midpoints used travel with the numbers
    expect(s.scales[0]!.points.map((p) => p.midpoint)).toEqual([1, 3.5, 8, 15.5, 35.5, 75]);
    expect(s.scales[0]!.open_top).toMatch(/75 is 1.5 times its lower bound/);
  });

  it("clusters by organization size: a column whose two middle values lie in two buckets", async () => {
    const s = await summaryOf(["crosstab", "k8s_clusters", "--by", "org_size"], clusters);
    const col = (label: string) => s.rows.find((r) => r.column === label)!;
    expect(col(">5000")).toMatchObject({ n: 2, mean: 4.5, median_low: "1", median_high: "6-10" });
    expect(col("100-499")).toMatchObject({ n: 2, mean: 19.5, median_low: "2-5" });
    expect(col("1000-4999")).toMatchObject({ n: 2, mean: 45.25, median_high: "50+" });
    expect(col(">5000").small_base).toBe(true);
    // r7 (<10) gave no cluster count: the column has nobody on the scale, so no summary
    expect(s.rows.some((r) => r.column === "<10")).toBe(false);
  });

  it("the table states the midpoints and the caveat", async () => {
    const { stdout } = await runCli(
      ["crosstab", "k8s_clusters", "--by", "year", "--summary"],
      clusters,
    );
    expect(stdout).toContain("Summaries of the answers on the scale");
    expect(stdout).toContain(
      "1 = 1 · 2-5 = 3.5 · 6-10 = 8 · 11-20 = 15.5 · 21-50 = 35.5 · 50+ = 75",
    );
    expect(stdout).toMatch(/mean\s+20\.3\n/);
    expect(stdout).toMatch(/understate the real spread/);
  });

  it("net score of 2018's eleven points", async () => {
    const s = await summaryOf(["crosstab", "cncf_recommend", "--by", "year"], recommend);
    const r = s.rows[0]!;
    expect(r.n).toBe(10);
    expect(r.mean).toBeNull();
    expect(r.net_score).toEqual({
      top: 3,
      bottom: 2,
      score: 10,
      ci_low: -33.3864,
      ci_high: 53.3864,
    });
    expect([r.median_low, r.median_high]).toEqual(["Somewhat Likely", "Likely"]);
    expect([r.median_ci_low, r.median_ci_high]).toEqual(["Extremely Unlikely", "Absolutely"]);
    expect(s.scales[0]!.name).toBe("eleven points (2018)");
    expect(s.definitions.net_score).toMatch(
      /top-2 box minus share in the bottom-2 box of one scale version/,
    );
  });

  it("a question with no scale is refused with exit status 2, before any counting", async () => {
    const failed = await runCli(["crosstab", "challenges", "--by", "year", "--summary"], clusters)
      .then(() => null)
      .catch((e: { code: number; stderr: string }) => e);
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toMatch(/challenges has no ordinal scale in the codebook/);
    // the questions that have one, from the database (the fixture's codebook: k8s_clusters, org_size)
    expect(failed?.stderr).toContain("Questions with one: k8s_clusters, org_size.");
    // --comparable drops rows: a mean over the rows left would be over some answers only
    const comparable = await runCli(
      ["crosstab", "k8s_clusters", "--by", "year", "--summary", "--comparable"],
      clusters,
    )
      .then(() => null)
      .catch((e: { code: number; stderr: string }) => e);
    expect(comparable?.code).toBe(2);
    expect(comparable?.stderr).toMatch(/--summary needs every answer of the scale/);
  });
});

describe("the codebook's scales are checked", () => {
  it("midpoints out of order, an unknown option and a missing reason are named with the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-scales-"));
    const text = await readFile(join(dataDir, "codebook", "k8s_clusters.yml"), "utf8");
    const broken = text
      .replace("{option: 6-10, midpoint: 8}", "{option: 6-10, midpoint: 3}")
      .replace("{option: 11-20, midpoint: 15.5}", "{option: 11-19, midpoint: 15.5}")
      .replace(/ {2}open_top: .*\n(?: {4}.*\n)*/, "");
    await writeFile(join(dir, "k8s_clusters.yml"), broken);
    const error = await loadCodebook(dir).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain("k8s_clusters.yml");
    expect(message).toContain('"6-10" (3) is not above "2-5"');
    expect(message).toContain('"11-19" is not one of its options');
    expect(message).toContain("say why the top bucket has its value (open_top)");
  });
});
