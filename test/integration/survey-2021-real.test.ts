import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCodebook, type Question } from "../../src/ingest/codebook/codebook.ts";
import {
  harmonizeMarginals,
  type MarginalIds,
} from "../../src/ingest/survey/marginals-harmonize.ts";
import { loadSources, type SurveySource } from "../../src/sources/sources.ts";
import {
  readSummaryWorkbook,
  type SummaryWorkbook,
} from "../../src/ingest/survey/summary-workbook.ts";
import { rawDir } from "../../src/paths.ts";
import { noRealData } from "../support/databases.ts";

interface Wave extends SummaryWorkbook {
  source: SurveySource;
  harmonised: MarginalIds[];
  harmonisationIssues: number;
  ms: number;
}

/**
 * The two 2021 summary workbooks against what CNCF published: 3,829 responses (2,302 + 1,527),
 * 96% using or evaluating Kubernetes, 73% of African respondents using it in production.
 */
describe.skipIf(noRealData)("2021 summary workbooks (real files)", () => {
  const waves: Wave[] = [];
  let questions: Question[];
  beforeAll(async () => {
    questions = await loadCodebook();
    const sources = (await loadSources()).filter(
      (s): s is SurveySource => s.kind === "survey" && s.layout === "xlsx-summary",
    );
    for (const source of sources) {
      const bytes = await readFile(join(rawDir, source.file));
      const started = performance.now();
      const read = await readSummaryWorkbook(bytes, source);
      const ms = performance.now() - started;
      const wave = read.marginals[0]!.wave;
      const h = harmonizeMarginals(read.marginals, questions, {
        source: source.id,
        file: source.file,
        wave,
        year: source.year,
      });
      waves.push({
        ...read,
        source,
        harmonised: h.harmonised,
        harmonisationIssues: h.issues.length,
        ms,
      });
    }
  });
  const part = (n: 1 | 2) => waves.find((w) => w.marginals[0]!.wave === n)!;
  const total = (w: Wave, sheet: string, region = "Total") =>
    w.marginals.filter((m) => m.sheet === sheet && m.region === region);

  it("counts CNCF's 3,829 responses: 2,302 in Part 1 and 1,527 in Part 2", () => {
    expect([part(1).respondents, part(2).respondents]).toEqual([2302, 1527]);
    expect(waves.reduce((n, w) => n + w.respondents, 0)).toBe(3829);
    expect([part(1).sheets, part(2).sheets]).toEqual([27, 29]);
    expect([part(1).marginals.length, part(2).marginals.length]).toEqual([2359, 5201]);
  });

  it("reproduces 96% using or evaluating Kubernetes, and 73% in production in Africa", () => {
    const k8s = total(part(1), "Question 16");
    expect(k8s[0]!.question).toBe("Are you using Kubernetes?");
    const count = (option: string) => k8s.find((m) => m.option === option)!.count!;
    const using =
      count("Yes, in production") +
      count("Yes, in test or PoC") +
      count("Not yet, but we are evaluating Kubernetes");
    expect([using, k8s[0]!.answered]).toEqual([2086, 2165]);
    expect(Math.round((using / 2165) * 100)).toBe(96);
    // A region row has no Answered of its own: in a single choice its counts add up to it.
    const africa = total(part(1), "Question 16", "Africa");
    const production = africa.find((m) => m.option === "Yes, in production")!;
    const base = africa.reduce((n, m) => n + m.count!, 0);
    expect([production.count, base, production.share]).toEqual([178, 245, 0.7265]);
    expect(Math.round((178 / 245) * 100)).toBe(73);
  });

  it("reads every sheet into marginals or records it as an issue; counts are whole numbers", () => {
    for (const w of waves) {
      const sheets = new Set([
        ...w.marginals.map((m) => m.sheet),
        ...w.issues.map((i) => i.row.split("!")[0]),
      ]);
      expect(sheets.size).toBe(w.sheets);
      expect(w.marginals.every((m) => m.count === null || Number.isInteger(m.count))).toBe(true);
      expect(w.marginals.every((m) => m.count !== null && m.share !== null)).toBe(true);
    }
  });

  it("records the reviewed reading issues: stray analyst cells and regions-across Other counts", () => {
    const reasons = (w: Wave) =>
      w.issues.map((i) => `${i.row} ${i.reason.split(" (")[0]!.split(":")[0]}`);
    expect(reasons(part(1))).toEqual([
      "Question 3!F11 a cell outside every question block",
      "Question 3!J11 a cell outside every question block",
      "Question 5!AR14 a cell outside every question block",
      "Question 13!C99 a cell outside every question block",
    ]);
    expect(reasons(part(2))).toEqual([
      "Question 13!F31 a cell outside every question block",
      "Question 13!G31 a cell outside every question block",
      "Question 13!F32 a cell outside every question block",
      "Question 13!G32 a cell outside every question block",
      `Question 16!A382 per-region counts of a matrix's open "Other" row`,
      `Question 17!A92 per-region counts of a matrix's open "Other" row`,
      `Question 23!A1600 per-region counts of a matrix's open "Other" row`,
      `Question 24!A179 per-region counts of a matrix's open "Other" row`,
    ]);
  });

  it("sums each single-choice block's Total row to its Answered", () => {
    const single = new Set(questions.filter((q) => q.type === "single").map((q) => q.id));
    let blocks = 0;
    for (const w of waves) {
      const sums = new Map<string, { sum: number; answered: number | null }>();
      w.marginals.forEach((m, i) => {
        const id = w.harmonised[i]!.question_id;
        if (m.region !== "Total" || !id || !single.has(id)) return;
        const key = `${m.sheet}\u0000${m.item}`;
        const s = sums.get(key) ?? { sum: 0, answered: m.answered };
        sums.set(key, { ...s, sum: s.sum + m.count! });
      });
      for (const [key, s] of sums) expect([key, s.sum]).toEqual([key, s.answered]);
      blocks += sums.size;
    }
    // Part 1: region, org_size, industry, release_cycle, containers, k8s_use, k8s_clusters,
    // packaging; Part 2: region, org_size, industry and serverless's two questions.
    expect(blocks).toBe(13);
  });

  it("finds every 2021 codebook mapping's sheet and places every label of the mapped sheets", () => {
    expect(waves.map((w) => w.harmonisationIssues)).toEqual([0, 0]);
    const mapped = (w: Wave) => [
      ...new Set(w.harmonised.map((h) => h.question_id).filter((id) => id !== null)),
    ];
    expect(mapped(part(1)).sort()).toEqual(
      [
        "region",
        "org_size",
        "industry",
        "job_function",
        "release_cycle",
        "containers",
        "challenges",
        "k8s_use",
        "k8s_clusters",
        "local_k8s",
        "packaging",
      ].sort(),
    );
    expect(mapped(part(2)).sort()).toEqual(
      [
        "region",
        "org_size",
        "industry",
        "job_function",
        "cncf_projects",
        "serverless",
        "service_mesh",
        "ingress",
        "cicd",
        "storage",
      ].sort(),
    );
    // A matrix is placed whole (item and level) or not at all.
    for (const w of waves)
      for (const h of w.harmonised) if (h.item_id) expect(h.option_id).not.toBeNull();
  });

  it("reads each workbook in well under a few seconds", () => {
    for (const w of waves) expect(w.ms).toBeLessThan(5000);
  });
});
