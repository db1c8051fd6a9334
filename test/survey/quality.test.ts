import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CODEBOOK_SCHEMA,
  FILL_ANSWERS,
  MARGINALS_SCHEMA,
  SURVEY_SCHEMA,
} from "../../src/db/schema.ts";
import { multiSelectBreadth } from "../../src/survey/quality-breadth.ts";
import { nonResponse } from "../../src/survey/quality-nonresponse.ts";
import { listPosition } from "../../src/survey/quality-position.ts";
import { speed, speedYears } from "../../src/survey/quality-speed.ts";
import { straightLining } from "../../src/survey/quality-straight-lining.ts";
import {
  compareQuestion,
  panelDifferences,
  type PanelCount,
} from "../../src/survey/quality-panel.ts";
import { marginalQuality } from "../../src/survey/quality-marginals.ts";
import {
  averageRanks,
  chiSquareP,
  chiSquareTest,
  spearman,
} from "../../src/survey/quality-stats.ts";

/*
 * A small survey in the project's schema, every number below worked by hand from it.
 *
 * 2019 (no panel), columns in export order: region (1), matrix `rate` rows A B C (2-4), multi
 * `tools` T1 T2 T3 + its typed Other box (5-8), single `size` (9), and an open question `why`
 * (10) asked as typed text only: no closed answer, so it is no question nobody answered.
 *   r1 EU  rate 5 5 5      tools T1 T2 T3        size S
 *   r2 EU  rate 5 4 5      (skips tools)         size L
 *   r3 NA  rate 1 1 (2 rows only)  tools T1 T2 T3 Other   (stops)
 *   r4 NA  rate N/A N/A N/A        tools T2               (stops)
 *   r5 NA  rate 5 5 5                                     (stops)
 *   r6 screened out (teacher): answers everything; must count nowhere.
 *
 * 2022 (a paid panel), columns: Start Date (1), End Date (2), region (3), tools T1-T4 (4-7),
 * size (8). Community c1-c4 (EU), panel p1-p4 (NA); respondent 9 screened out; respondent 10
 * (community) answered nothing and has times that do not parse: untimed, and in no count.
 *   minutes   c: 10 12 14 (across midnight) 2     p: 1 6 8 9      9: 0
 *   tools     c1 T2 T3 · c2 T2 · c3 T1 T2 · c4 T3   p1 T1-T4 · p2 T1-T3 · p3 T1 T2 · p4 T1
 *   size      c: S S S L                        p: S L L L
 */
const SURVEY = `
INSERT INTO survey_sources VALUES
  ('fx-2019', 2019, '2019', 'a.csv', 6, 9, 0, 5, NULL),
  ('fx-2022', 2022, '2022', 'b.csv', 9, 8, 0, 8, NULL);
INSERT INTO codebook_questions VALUES
  ('region', 'Region', 'single', ''), ('rate', 'Rating', 'matrix', ''),
  ('tools', 'Tools', 'multi', ''), ('size', 'Size', 'single', ''), ('why', 'Why', 'free_text', '');
INSERT INTO survey_columns VALUES
  ('fx-2019', 2019, 1, 'Where?', 1, 'Response', 'response', 'region', NULL, false),
  ('fx-2019', 2019, 2, 'Rate', 1, 'A', 'option', 'rate', 'A', false),
  ('fx-2019', 2019, 3, 'Rate', 1, 'B', 'option', 'rate', 'B', false),
  ('fx-2019', 2019, 4, 'Rate', 1, 'C', 'option', 'rate', 'C', false),
  ('fx-2019', 2019, 5, 'Tools', 1, 'T1', 'option', 'tools', 'T1', false),
  ('fx-2019', 2019, 6, 'Tools', 1, 'T2', 'option', 'tools', 'T2', false),
  ('fx-2019', 2019, 7, 'Tools', 1, 'T3', 'option', 'tools', 'T3', false),
  ('fx-2019', 2019, 8, 'Tools', 1, 'Other (please specify)', 'other', 'tools', 'Other (please specify)', true),
  ('fx-2019', 2019, 9, 'Size', 1, 'Response', 'response', 'size', NULL, false),
  ('fx-2019', 2019, 10, 'Why?', 1, 'Open-Ended Response', 'open', 'why', NULL, true),
  ('fx-2022', 2022, 1, 'Start Date', 1, 'Response', 'response', NULL, NULL, false),
  ('fx-2022', 2022, 2, 'End Date', 1, 'Response', 'response', NULL, NULL, false),
  ('fx-2022', 2022, 3, 'Where?', 1, 'Response', 'response', 'region', NULL, false),
  ('fx-2022', 2022, 4, 'Tools', 1, 'T1', 'option', 'tools', 'T1', false),
  ('fx-2022', 2022, 5, 'Tools', 1, 'T2', 'option', 'tools', 'T2', false),
  ('fx-2022', 2022, 6, 'Tools', 1, 'T3', 'option', 'tools', 'T3', false),
  ('fx-2022', 2022, 7, 'Tools', 1, 'T4', 'option', 'tools', 'T4', false),
  ('fx-2022', 2022, 8, 'Size', 1, 'Response', 'response', 'size', NULL, false);
INSERT INTO respondents VALUES
  ('fx-2019', 2019, 1, 3, NULL, NULL, false), ('fx-2019', 2019, 2, 4, NULL, NULL, false),
  ('fx-2019', 2019, 3, 5, NULL, NULL, false), ('fx-2019', 2019, 4, 6, NULL, NULL, false),
  ('fx-2019', 2019, 5, 7, NULL, NULL, false), ('fx-2019', 2019, 6, 8, 'teacher', NULL, false),
  ('fx-2022', 2022, 1, 4, NULL, 'c', false), ('fx-2022', 2022, 2, 5, NULL, 'c', false),
  ('fx-2022', 2022, 3, 6, NULL, 'c', false), ('fx-2022', 2022, 4, 7, NULL, 'c', false),
  ('fx-2022', 2022, 5, 8, NULL, 'p', true), ('fx-2022', 2022, 6, 9, NULL, 'p', true),
  ('fx-2022', 2022, 7, 10, NULL, 'p', true), ('fx-2022', 2022, 8, 11, NULL, 'p', true),
  ('fx-2022', 2022, 9, 12, 'incomplete', 'p', true), ('fx-2022', 2022, 10, 13, NULL, 'c', false);
INSERT INTO answers_all VALUES
  ('fx-2019', 2019, 1, 'region', 'EU', NULL), ('fx-2019', 2019, 1, 'rate', 'A', '5'),
  ('fx-2019', 2019, 1, 'rate', 'B', '5'), ('fx-2019', 2019, 1, 'rate', 'C', '5'),
  ('fx-2019', 2019, 1, 'tools', 'T1', NULL), ('fx-2019', 2019, 1, 'tools', 'T2', NULL),
  ('fx-2019', 2019, 1, 'tools', 'T3', NULL), ('fx-2019', 2019, 1, 'size', 'S', NULL),
  ('fx-2019', 2019, 2, 'region', 'EU', NULL), ('fx-2019', 2019, 2, 'rate', 'A', '5'),
  ('fx-2019', 2019, 2, 'rate', 'B', '4'), ('fx-2019', 2019, 2, 'rate', 'C', '5'),
  ('fx-2019', 2019, 2, 'size', 'L', NULL),
  ('fx-2019', 2019, 3, 'region', 'NA', NULL), ('fx-2019', 2019, 3, 'rate', 'A', '1'),
  ('fx-2019', 2019, 3, 'rate', 'B', '1'), ('fx-2019', 2019, 3, 'tools', 'T1', NULL),
  ('fx-2019', 2019, 3, 'tools', 'T2', NULL), ('fx-2019', 2019, 3, 'tools', 'T3', NULL),
  ('fx-2019', 2019, 3, 'tools', 'Other (please specify)', NULL),
  ('fx-2019', 2019, 4, 'region', 'NA', NULL), ('fx-2019', 2019, 4, 'rate', 'A', 'N/A'),
  ('fx-2019', 2019, 4, 'rate', 'B', 'N/A'), ('fx-2019', 2019, 4, 'rate', 'C', 'N/A'),
  ('fx-2019', 2019, 4, 'tools', 'T2', NULL),
  ('fx-2019', 2019, 5, 'region', 'NA', NULL), ('fx-2019', 2019, 5, 'rate', 'A', '5'),
  ('fx-2019', 2019, 5, 'rate', 'B', '5'), ('fx-2019', 2019, 5, 'rate', 'C', '5'),
  ('fx-2019', 2019, 6, 'region', 'EU', NULL), ('fx-2019', 2019, 6, 'rate', 'A', '1'),
  ('fx-2019', 2019, 6, 'rate', 'B', '1'), ('fx-2019', 2019, 6, 'rate', 'C', '1'),
  ('fx-2019', 2019, 6, 'tools', 'T1', NULL), ('fx-2019', 2019, 6, 'tools', 'T2', NULL),
  ('fx-2019', 2019, 6, 'tools', 'T3', NULL), ('fx-2019', 2019, 6, 'size', 'S', NULL),
  ('fx-2022', 2022, 1, 'region', 'EU', NULL), ('fx-2022', 2022, 1, 'tools', 'T2', NULL),
  ('fx-2022', 2022, 1, 'tools', 'T3', NULL), ('fx-2022', 2022, 1, 'size', 'S', NULL),
  ('fx-2022', 2022, 2, 'region', 'EU', NULL), ('fx-2022', 2022, 2, 'tools', 'T2', NULL),
  ('fx-2022', 2022, 2, 'size', 'S', NULL),
  ('fx-2022', 2022, 3, 'region', 'EU', NULL), ('fx-2022', 2022, 3, 'tools', 'T1', NULL),
  ('fx-2022', 2022, 3, 'tools', 'T2', NULL), ('fx-2022', 2022, 3, 'size', 'S', NULL),
  ('fx-2022', 2022, 4, 'region', 'EU', NULL), ('fx-2022', 2022, 4, 'tools', 'T3', NULL),
  ('fx-2022', 2022, 4, 'size', 'L', NULL),
  ('fx-2022', 2022, 5, 'region', 'NA', NULL), ('fx-2022', 2022, 5, 'tools', 'T1', NULL),
  ('fx-2022', 2022, 5, 'tools', 'T2', NULL), ('fx-2022', 2022, 5, 'tools', 'T3', NULL),
  ('fx-2022', 2022, 5, 'tools', 'T4', NULL), ('fx-2022', 2022, 5, 'size', 'S', NULL),
  ('fx-2022', 2022, 6, 'region', 'NA', NULL), ('fx-2022', 2022, 6, 'tools', 'T1', NULL),
  ('fx-2022', 2022, 6, 'tools', 'T2', NULL), ('fx-2022', 2022, 6, 'tools', 'T3', NULL),
  ('fx-2022', 2022, 6, 'size', 'L', NULL),
  ('fx-2022', 2022, 7, 'region', 'NA', NULL), ('fx-2022', 2022, 7, 'tools', 'T1', NULL),
  ('fx-2022', 2022, 7, 'tools', 'T2', NULL), ('fx-2022', 2022, 7, 'size', 'L', NULL),
  ('fx-2022', 2022, 8, 'region', 'NA', NULL), ('fx-2022', 2022, 8, 'tools', 'T1', NULL),
  ('fx-2022', 2022, 8, 'size', 'L', NULL),
  ('fx-2022', 2022, 9, 'region', 'NA', NULL), ('fx-2022', 2022, 9, 'tools', 'T4', NULL);
INSERT INTO survey_cells VALUES
  ('fx-2022', 2022, 1, 1, '9/20/2022 10:00'), ('fx-2022', 2022, 1, 2, '9/20/2022 10:10'),
  ('fx-2022', 2022, 2, 1, '9/20/2022 10:00'), ('fx-2022', 2022, 2, 2, '9/20/2022 10:12'),
  ('fx-2022', 2022, 3, 1, '9/20/2022 23:55'), ('fx-2022', 2022, 3, 2, '9/21/2022 0:09'),
  ('fx-2022', 2022, 4, 1, '9/20/2022 10:00'), ('fx-2022', 2022, 4, 2, '9/20/2022 10:02'),
  ('fx-2022', 2022, 5, 1, '9/22/2022 8:00'), ('fx-2022', 2022, 5, 2, '9/22/2022 8:01'),
  ('fx-2022', 2022, 6, 1, '9/22/2022 8:00'), ('fx-2022', 2022, 6, 2, '9/22/2022 8:06'),
  ('fx-2022', 2022, 7, 1, '9/22/2022 8:00'), ('fx-2022', 2022, 7, 2, '9/22/2022 8:08'),
  ('fx-2022', 2022, 8, 1, '9/22/2022 8:00'), ('fx-2022', 2022, 8, 2, '9/22/2022 8:09'),
  ('fx-2022', 2022, 9, 1, '9/22/2022 8:00'), ('fx-2022', 2022, 9, 2, '9/22/2022 8:00'),
  ('fx-2022', 2022, 10, 1, '22.9.2022 8:00'), ('fx-2022', 2022, 10, 2, 'soon');
`;

/*
 * A 2021-style workbook: the region sheet (A 10, B 20 respondents), a multi-select sheet
 * (answered 25, skipped 5; A's base 6 / 0.75 = 8, B's 17 / 1.0 = 17) and a matrix sheet (A only:
 * row X's base 5 / 0.5 = 10, row Y's 3 / 0.3333 = 9).
 */
const MARGINALS = `
INSERT INTO published_marginals VALUES
  ('fx-2021', 2021, 1, 'Question 1', 'Where?', NULL, 'A', 'A', 10, 1, 30, 0, 1, 'region', 'A', NULL),
  ('fx-2021', 2021, 1, 'Question 1', 'Where?', NULL, 'B', 'A', 0, 0, 30, 0, 2, 'region', 'B', NULL),
  ('fx-2021', 2021, 1, 'Question 1', 'Where?', NULL, 'A', 'B', 0, 0, 30, 0, 3, 'region', 'A', NULL),
  ('fx-2021', 2021, 1, 'Question 1', 'Where?', NULL, 'B', 'B', 20, 1, 30, 0, 4, 'region', 'B', NULL),
  ('fx-2021', 2021, 1, 'Question 1', 'Where?', NULL, 'A', 'Total', 10, 0.3333, 30, 0, 5, 'region', 'A', NULL),
  ('fx-2021', 2021, 1, 'Question 1', 'Where?', NULL, 'B', 'Total', 20, 0.6667, 30, 0, 6, 'region', 'B', NULL),
  ('fx-2021', 2021, 1, 'Question 2', 'Tools?', NULL, 'T1', 'A', 6, 0.75, 25, 5, 1, 'tools', 'T1', NULL),
  ('fx-2021', 2021, 1, 'Question 2', 'Tools?', NULL, 'T2', 'A', 4, 0.5, 25, 5, 2, 'tools', 'T2', NULL),
  ('fx-2021', 2021, 1, 'Question 2', 'Tools?', NULL, 'T1', 'B', 10, 0.5882, 25, 5, 3, 'tools', 'T1', NULL),
  ('fx-2021', 2021, 1, 'Question 2', 'Tools?', NULL, 'T2', 'B', 17, 1, 25, 5, 4, 'tools', 'T2', NULL),
  ('fx-2021', 2021, 1, 'Question 2', 'Tools?', NULL, 'T1', 'Total', 16, 0.64, 25, 5, 5, 'tools', 'T1', NULL),
  ('fx-2021', 2021, 1, 'Question 2', 'Tools?', NULL, 'T2', 'Total', 21, 0.84, 25, 5, 6, 'tools', 'T2', NULL),
  ('fx-2021', 2021, 1, 'Question 10', 'Rate?', 'X', 'yes', 'A', 5, 0.5, 28, 2, 1, NULL, NULL, NULL),
  ('fx-2021', 2021, 1, 'Question 10', 'Rate?', 'X', 'no', 'A', 5, 0.5, 28, 2, 2, NULL, NULL, NULL),
  ('fx-2021', 2021, 1, 'Question 10', 'Rate?', 'Y', 'yes', 'A', 3, 0.3333, 28, 2, 3, NULL, NULL, NULL),
  ('fx-2021', 2021, 1, 'Question 10', 'Rate?', 'Y', 'no', 'A', 6, 0.6667, 28, 2, 4, NULL, NULL, NULL),
  ('fx-2021', 2021, 1, 'Question 10', 'Rate?', 'X', 'yes', 'Total', 14, 0.5, 28, 2, 5, NULL, NULL, NULL);
`;

let instance: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  // why: answers is a table the ingest fills from answers_all once every survey has loaded
  await conn.run(
    SURVEY_SCHEMA + CODEBOOK_SCHEMA + MARGINALS_SCHEMA + SURVEY + MARGINALS + FILL_ANSWERS,
  );
});

afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

describe("the statistics", () => {
  it("ranks ties at their mean rank", () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });

  it("computes Spearman's rho, and none for a constant variable", () => {
    // shares 0.25 0.75 0.5 0 at positions 1-4: ranks 2 4 3 1, Σd² = 14, rho = 1 - 84/60.
    expect(spearman([1, 2, 3, 4], [0.25, 0.75, 0.5, 0])).toBeCloseTo(-0.4, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeNull();
  });

  it("gives χ² tail probabilities matching the printed tables", () => {
    expect(chiSquareP(3.841, 1)).toBeCloseTo(0.05, 4);
    expect(chiSquareP(2, 1)).toBeCloseTo(0.157299, 5); // erfc(1)
    expect(chiSquareP(4, 2)).toBeCloseTo(Math.exp(-2), 7); // df 2: exactly e^(-x/2)
    expect(chiSquareP(9.488, 4)).toBeCloseTo(0.05, 4);
    expect(chiSquareP(18.307, 10)).toBeCloseTo(0.05, 4);
    expect(chiSquareP(29.588, 10)).toBeCloseTo(0.001, 5);
    expect(chiSquareP(0, 3)).toBe(1);
  });

  it("tests a contingency table, dropping an answer nobody gave", () => {
    // expected 2 in every cell: χ² = 4 · 1²/2 = 2, df 1, V = √(2/8)
    const t = chiSquareTest([
      [3, 1, 0],
      [1, 3, 0],
    ]);
    expect(t.statistic).toBeCloseTo(2, 12);
    expect(t.df).toBe(1);
    expect(t.p).toBeCloseTo(0.157299, 5);
    expect(t.cramersV).toBeCloseTo(0.5, 12);
    expect(t.sparse).toBe(true);
    // complete association over three answers: χ² = N, V = 1
    const full = chiSquareTest([
      [10, 0, 0],
      [0, 10, 10],
    ]);
    expect(full.statistic).toBeCloseTo(30, 10);
    expect(full.df).toBe(2);
    expect(full.cramersV).toBeCloseTo(1, 12);
  });
});

describe("straight-lining", () => {
  it("counts respondents giving one level to every row of ≥ 3 rows, screened-out ones not at all", async () => {
    // r1, r2, r4, r5 answered 3 rows (r3 only 2); r1, r4, r5 gave one level; '5' twice.
    expect(await straightLining(conn, { year: 2019 })).toEqual([
      {
        year: 2019,
        sample: "all",
        region: "all",
        question: "rate",
        n: 4,
        mean_rows: 3,
        straight: 3,
        share: 0.75,
        top_level: "5",
        top_level_count: 2,
      },
    ]);
  });

  it("splits by region", async () => {
    const rows = await straightLining(conn, { year: 2019, byRegion: true });
    expect(rows.map((r) => [r.region, r.n, r.straight])).toEqual([
      ["EU", 2, 1],
      ["NA", 2, 2],
    ]);
  });

  it("names one top level when levels tie, the same on every run: the first in text order", async () => {
    // NA's straight-liners: r4 all N/A, r5 all 5 — one each. arg_max over the tie returned
    // either, varying between runs; ten runs here all name "5".
    for (let run = 0; run < 10; run++) {
      const rows = await straightLining(conn, { year: 2019, byRegion: true });
      expect(rows.map((r) => [r.region, r.top_level, r.top_level_count])).toEqual([
        ["EU", "5", 1],
        ["NA", "5", 1],
      ]);
    }
  });
});

describe("multi-select breadth", () => {
  it("averages ticks over those who ticked any, against the options listed (Other included)", async () => {
    // 2019 lists T1 T2 T3 + Other = 4; r1 ticked 3, r3 4, r4 1; ≥ 3.2 of 4: r3 only.
    const [row] = await multiSelectBreadth(conn, { year: 2019 });
    expect(row).toMatchObject({ question: "tools", listed: 4, n: 3, wide: 1 });
    expect(row!.mean_ticked).toBeCloseTo(8 / 3, 12);
    expect(row!.share_wide).toBeCloseTo(1 / 3, 12);
  });

  it("reads a panel year part by part", async () => {
    // community ticks 2 1 2 1, panel 4 3 2 1, of 4 listed; ≥ 3.2: p1 only.
    const rows = await multiSelectBreadth(conn, { year: 2022 });
    expect(rows.map((r) => [r.sample, r.n, r.mean_ticked, r.wide])).toEqual([
      ["all", 8, 16 / 8, 1],
      ["community", 4, 6 / 4, 0],
      ["panel", 4, 10 / 4, 1],
    ]);
  });
});

describe("list position", () => {
  it("correlates position with share, the Other box left out", async () => {
    const rows = await listPosition(conn);
    const get = (year: number, sample: string) =>
      rows.find((r) => r.year === year && r.sample === sample)!;
    // 2019: three options only (Other left out) — too few for a rho; T1 2/3, T3 2/3.
    expect(get(2019, "all")).toMatchObject({ options: 3, n: 3, rho: null });
    expect(get(2019, "all").first_share).toBeCloseTo(2 / 3, 12);
    // community shares 1/4 3/4 2/4 0: rho -0.4; panel 4/4 3/4 2/4 1/4: -1.
    expect(get(2022, "community").rho).toBeCloseTo(-0.4, 12);
    expect(get(2022, "panel").rho).toBeCloseTo(-1, 12);
    expect(get(2022, "panel")).toMatchObject({
      options: 4,
      n: 4,
      first_share: 1,
      last_share: 0.25,
    });
  });
});

describe("item non-response and break-off", () => {
  it("counts who reached each question, who answered it and whose last answer it was", async () => {
    const rows = await nonResponse(conn, { year: 2019 });
    // last answers: r1 r2 size, r3 r4 tools, r5 rate; r2 skipped tools.
    expect(rows.map((r) => [r.question, r.reached, r.answered, r.stopped])).toEqual([
      ["region", 5, 5, 0],
      ["rate", 5, 5, 1],
      ["tools", 4, 3, 2],
      ["size", 2, 2, null],
    ]);
    expect(rows[2]!.share_answered).toBe(0.75);
    expect(rows[2]!.share_stopped).toBe(0.5);
  });
});

describe("speed", () => {
  it("reads 2022's start and end times, a third of the whole sample's median as the line", async () => {
    // minutes 10 12 14 2 | 1 6 8 9: median 8.5, line 2.83; speeders 2 (c4), 1 (p1).
    const rows = await speed(conn);
    expect(rows.map((r) => [r.sample, r.n, r.median_minutes, r.speeders])).toEqual([
      ["all", 8, 8.5, 2],
      ["community", 4, 11, 1],
      ["panel", 4, 7, 1],
    ]);
    expect(rows[0]!.threshold_minutes).toBeCloseTo(8.5 / 3, 12);
    expect(await speedYears(conn)).toEqual([
      { year: 2019, times: false },
      { year: 2022, times: true },
    ]);
  });
});

describe("panel against community", () => {
  it("tests a single question with χ² and a multi-select per option", async () => {
    const rows = await panelDifferences(conn);
    const size = rows.find((r) => r.question === "size")!;
    // S S S L against S L L L: χ² = 2, p = erfc(1), V = 0.5; L: +50 points, not significant.
    expect(size).toMatchObject({
      type: "single",
      n_community: 4,
      n_panel: 4,
      tests: 1,
      significant: 0,
      at: "L",
      panel_minus_community: 0.5,
      flagged: false,
    });
    expect(size.p_min).toBeCloseTo(0.157299, 5);
    expect(size.cramers_v).toBeCloseTo(0.5, 12);
    const tools = rows.find((r) => r.question === "tools")!;
    // T1 4/4 vs 1/4: z = 0.75 / √(0.625·0.375·0.5) = 2.191, p = 0.0285 > 0.05 / 4.
    expect(tools).toMatchObject({ tests: 4, significant: 0, at: "T1", flagged: false });
    expect(tools.p_min).toBeCloseTo(0.02846, 4);
    // differences 0.75 0 0 0.25 by position: ranks 4 1.5 1.5 3, rho = -1.5 / √22.5
    expect(tools.rho_position_difference).toBeCloseTo(-1.5 / Math.sqrt(22.5), 12);
  });

  it("keeps to the year asked for: 2019 had no panel", async () => {
    expect(await panelDifferences(conn, { year: 2019 })).toEqual([]);
    expect((await panelDifferences(conn, { year: 2022 })).length).toBe(3);
  });

  it("tests a matrix row by row, Bonferroni over the rows, and flags a large significant gap", () => {
    const cell = (option: string, level: string, community: number, panel: number): PanelCount => ({
      year: 2022,
      question: "m",
      type: "matrix",
      option,
      level,
      position: null,
      community,
      panel,
      n_community: 100,
      n_panel: 100,
    });
    const result = compareQuestion([
      // row A: 80/20 against 20/80: χ² = 72, p ≈ 1e-17; row B: identical
      cell("A", "yes", 80, 20),
      cell("A", "no", 20, 80),
      cell("B", "yes", 50, 50),
      cell("B", "no", 50, 50),
    ]);
    expect(result).toMatchObject({ tests: 2, significant: 1, flagged: true, at: "A: yes" });
    expect(result.cramers_v).toBeCloseTo(0.6, 12);
    expect(result.panel_minus_community).toBeCloseTo(-0.6, 12);
  });

  it("correlates a matrix row's position with how much the panel differs on it", () => {
    // rows 1-4 at 80/20, 70/30, 60/40, 50/50 against the mirror image: V 0.6 0.4 0.2 0
    const row = (position: number, yes: number): PanelCount[] =>
      [
        ["yes", yes, 100 - yes],
        ["no", 100 - yes, yes],
      ].map(([level, community, panel]) => ({
        year: 2022,
        question: "m",
        type: "matrix",
        option: `row ${position}`,
        level: level as string,
        position,
        community: community as number,
        panel: panel as number,
        n_community: 100,
        n_panel: 100,
      }));
    const result = compareQuestion([...row(1, 80), ...row(2, 70), ...row(3, 60), ...row(4, 50)]);
    expect(result.rho_position_difference).toBeCloseTo(-1, 12);
    expect(result.cramers_v).toBeCloseTo(0.6, 12);
  });
});

describe("2021 marginals", () => {
  it("recovers each region's base and skipped share from its cells", async () => {
    const rows = await marginalQuality(conn);
    const pick = (sheet: string, region: string) =>
      rows.find((r) => r.sheet === sheet && r.region === region)!;
    expect(pick("Question 2", "Total")).toMatchObject({
      respondents: 30,
      answered: 25,
      skipped: 5,
      base: "printed",
    });
    expect(pick("Question 2", "Total").options_per_answer).toBeCloseTo(37 / 25, 12);
    expect(pick("Question 2", "A")).toMatchObject({ respondents: 10, answered: 8, skipped: 2 });
    expect(pick("Question 2", "A").share_skipped).toBeCloseTo(0.2, 12);
    expect(pick("Question 2", "A").options_per_answer).toBeCloseTo(10 / 8, 12);
    expect(pick("Question 2", "B")).toMatchObject({ respondents: 20, answered: 17, skipped: 3 });
    // a matrix: the largest row's base (10), no options per answer
    expect(pick("Question 10", "A")).toMatchObject({
      matrix: true,
      answered: 10,
      skipped: 0,
      options_per_answer: null,
      base: "largest row: count / share",
    });
    // sheets in their workbook order: Question 10 after Question 2
    expect([...new Set(rows.map((r) => r.sheet))]).toEqual([
      "Question 1",
      "Question 2",
      "Question 10",
    ]);
  });
});
