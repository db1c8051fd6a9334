import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";
import { runCli } from "../support/cli.ts";

/**
 * `crosstab --weight` on the real data: the same numbers as `weights` (two paths, one raking), each
 * year weighted on its own to the target (checked against 2019's answers with SQL of its own),
 * and the refusals a real database brings (2021's summaries).
 */

// why: the JSON is read loosely here; each test names the fields it checks
type Json = Record<string, any>;
const json = async (args: string[]): Promise<Json> =>
  JSON.parse((await runCli([...args, "--format", "json"], realDatabase)).stdout) as Json;

// The cells written out here, not read from the codebook's weighting cells.
const ORG_CELL: Record<string, string> = {
  "<10": "under 100",
  "10-49": "under 100",
  "50-99": "under 100",
  "10 or less": "under 100",
  "11-50": "under 100",
  "100-499": "100-499",
  "500-999": "500-999",
  "1000-4999": "1000-4999",
  ">5000": "5000+",
  "5,000-19,999": "5000+",
  "20,000 or more": "5000+",
};

describe.skipIf(noRealData)("crosstab --weight on the real data", () => {
  it("gives 2022's weighted k8s_use by sample part exactly as `weights --sample parts` does", async () => {
    const weight = ["--weight", "2019", "--weight-by", "org_size,region"];
    const [crosstab, weights] = await Promise.all([
      json(["crosstab", "k8s_use", "--by", "sample", "--year", "2022", ...weight]),
      json(["weights", "k8s_use", "--year", "2022", "--sample", "parts", ...weight]),
    ]);
    expect(weights.rows.length).toBe(8);
    for (const w of weights.rows) {
      const c = crosstab.rows.find(
        (x: { column: string; option: string }) => x.column === w.sample && x.option === w.option,
      );
      expect([c.count, c.n]).toEqual([w.count, w.n]);
      expect(c.share).toBeCloseTo(w.weighted_share, 4);
      expect(c.ci_low).toBeCloseTo(w.low, 4);
      expect(c.ci_high).toBeCloseTo(w.high, 4);
      expect(c.n_eff).toBeCloseTo(w.n_eff, 3);
    }
    const production = (column: string) =>
      crosstab.rows.find(
        (x: { column: string; option: string }) =>
          x.column === column && x.option === "Yes, using in production",
      );
    // The README's numbers: community 80.6% (n_eff 791), panel 34.1% (n_eff 643).
    expect(production("community").share).toBe(0.8061);
    expect(production("panel").share).toBe(0.3413);
    const d = crosstab.differences.find(
      (x: { option: string }) => x.option === "Yes, using in production",
    );
    const w = weights.differences.find(
      (x: { option: string }) => x.option === "Yes, using in production",
    );
    expect(d.difference).toBeCloseTo(w.weighted, 4);
    expect(d.ci_low).toBeCloseTo(w.low, 4);
    expect(d.ci_high).toBeCloseTo(w.high, 4);
    expect(d.z).toBeCloseTo(w.z, 3);
    // Each part raked on its own, as `weights --sample parts` does.
    const parts = crosstab.weighting.parts.map(
      (p: { sample: string; passes: number; n: number }) => [p.sample, p.passes, p.n],
    );
    expect(parts).toEqual(
      weights.weighting.map((p: { sample: string; iterations: number; n: number }) => [
        p.sample,
        p.iterations,
        p.n,
      ]),
    );
  }, 120_000);

  it("weights each year on its own: every year's weighted org_size is 2019's mix", async () => {
    const r = await json([
      "crosstab",
      "org_size",
      "--by",
      "year",
      "--weight",
      "2019",
      "--weight-by",
      "org_size",
    ]);
    const counts = await withRealDatabase((q) =>
      q(`SELECT option, count(*)::INTEGER AS k FROM answers
         WHERE year = 2019 AND question = 'org_size' GROUP BY ALL`),
    );
    const target = new Map<string, number>();
    for (const c of counts)
      target.set(
        ORG_CELL[String(c.option)]!,
        (target.get(ORG_CELL[String(c.option)]!) ?? 0) + Number(c.k),
      );
    expect([...target.values()].reduce((s, k) => s + k, 0)).toBe(1337);
    expect(r.years).toEqual([2018, 2019, 2020, 2022]);
    for (const year of r.years) {
      const got = new Map<string, number>();
      for (const c of r.rows.filter((x: { year: number }) => x.year === year)) {
        const cell = ORG_CELL[c.option]!;
        got.set(cell, (got.get(cell) ?? 0) + c.weighted_count / c.weighted_n);
      }
      for (const [cell, k] of target)
        expect(got.get(cell), `${year} ${cell}`).toBeCloseTo(k / 1337, 5);
    }
    // 2019 weighted to itself: weights 1, n_eff = n.
    const own = r.weighting.parts.find((p: { year: number }) => p.year === 2019);
    expect(own.weight_min).toBeCloseTo(1, 9);
    expect(own.n_eff).toBeCloseTo(own.n, 6);
    // Trends run on n_eff: some row is tested.
    expect(r.trends.some((t: { p: number | null }) => t.p !== null)).toBe(true);
  }, 120_000);

  it("names the target year's source in the provenance sidecar", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-weights-provenance-"));
    const file = join(dir, "p.json");
    try {
      await runCli(
        [
          "crosstab",
          "k8s_use",
          "--by",
          "sample",
          "--year",
          "2022",
          "--weight",
          "2019",
          "--weight-by",
          "org_size,region",
          "--provenance",
          file,
        ],
        realDatabase,
      );
      const p = JSON.parse(await readFile(file, "utf8")) as Json;
      expect(p.sources.map((s: { id: string }) => s.id)).toEqual(["survey-2019", "survey-2022"]);
      expect(p.questions.map((q: { id: string }) => q.id)).toEqual([
        "k8s_use",
        "org_size",
        "region",
      ]);
      expect(p.notes.join("\n")).toMatch(/Weighted to 2019 \(all\) on org_size × region/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("refuses 2021 as a target: published summaries only", async () => {
    const e = (await runCli(
      ["crosstab", "k8s_use", "--by", "sample", "--weight", "2021", "--weight-by", "region"],
      realDatabase,
    ).then(
      () => null,
      (err: unknown) => err,
    )) as { code: number; stderr: string } | null;
    expect(e?.code).toBe(2);
    expect(e!.stderr).toMatch(
      /2021 has only published one-question summaries, no respondents whose mix could be a target: give a year with respondent-level answers \(2018, 2019, 2020, 2022\) or a targets file/,
    );
  }, 60_000);
  it("tests a weighted multi-select banner's pairs on the people they share", async () => {
    const args = ["crosstab", "k8s_clusters", "--by", "job_function", "--year", "2022"];
    const [plain, weighted] = await Promise.all([
      json(args),
      json([...args, "--weight", "2019", "--weight-by", "org_size,region"]),
    ]);
    const key = (d: Json) => `${d.option}|${d.a}|${d.b}`;
    const shared = plain.differences.filter((d: Json) => d.overlap > 0);
    expect(shared.length).toBeGreaterThan(100);
    // who sits in both columns does not depend on the weights; the tests and intervals do
    const byKey = new Map(weighted.differences.map((d: Json) => [key(d), d]));
    // why: a pair tested unweighted may not be on n_eff (an expected count under 5)
    const both = shared.filter((d: Json) => byKey.has(key(d)));
    expect(both.length).toBeGreaterThan(shared.length * 0.9);
    let moved = 0;
    for (const d of both) {
      const w = byKey.get(key(d)) as Json;
      expect(w.overlap, key(d)).toBe(d.overlap);
      if (w.z !== d.z) moved++;
    }
    expect(moved).toBeGreaterThan(both.length / 2);
    expect(weighted.method).toMatch(/Weighted, two columns sharing respondents/);
  });
});
