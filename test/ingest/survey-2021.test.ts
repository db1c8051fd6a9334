import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, queryRows } from "../../src/db/open.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCodebook, type Question } from "../../src/ingest/codebook/codebook.ts";
import { harmonizeMarginals } from "../../src/ingest/survey/marginals-harmonize.ts";
import { MARGINALS_SCHEMA } from "../../src/db/schema.ts";
import { writeMarginals } from "../../src/ingest/survey/marginals-table.ts";
import { readSummaryWorkbook } from "../../src/ingest/survey/summary-workbook.ts";
import { fixture, fixtureBytes, fixtureSource } from "../support/fixtures.ts";

// The wave left to the id or file name, as a fixture's survey file would not give it.
const source = (file: string, id = "fixture-2021-part1") => ({
  ...fixtureSource(file, 2021, "survey-2021-part1"),
  id,
  wave: undefined,
});
const read = (file: string, id?: string) =>
  readSummaryWorkbook(fixtureBytes(`xlsx-2021/${file}`), source(file, id), file);

/** [item, option, region, count, share, row] of each marginal. */
const cells = (ms: Awaited<ReturnType<typeof read>>["marginals"]) =>
  ms.map((m) => [m.item, m.option, m.region, m.count, m.share, m.row]);

let questions: Question[];
beforeAll(async () => {
  questions = await loadCodebook(fixture("xlsx-2021/codebook"));
});

describe("2021 summary workbooks", () => {
  it("reads a single-choice sheet: one marginal per option and region row, the Total column skipped", async () => {
    const r = await read("single-choice.xlsx");
    expect(r.sheets).toBe(1);
    expect(r.respondents).toBe(30);
    expect(r.issues).toEqual([]);
    expect(r.marginals[0]).toEqual({
      source: "fixture-2021-part1",
      wave: 1,
      sheet: "Question 1",
      question: "Are you using Kubernetes?",
      item: null,
      option: "Yes, in production",
      region: "Africa",
      count: 8,
      share: 0.8,
      answered: 30,
      skipped: 2,
      row: 4,
    });
    // 0.6000000000000001 is printed as 0.6; counts stored as 12.0 are integers.
    expect(cells(r.marginals)).toEqual([
      [null, "Yes, in production", "Africa", 8, 0.8, 4],
      [null, "No", "Africa", 2, 0.2, 4],
      [null, "Yes, in production", "Europe", 12, 0.6, 5],
      [null, "No", "Europe", 8, 0.4, 5],
      [null, "Yes, in production", "Total", 20, 0.6667, 6],
      [null, "No", "Total", 10, 0.3333, 6],
    ]);
  });

  it("reads a multi-select sheet and skips the free-text listing under it", async () => {
    const r = await read("multi-select.xlsx");
    expect(r.issues).toEqual([]);
    expect(cells(r.marginals.filter((m) => m.region === "Total"))).toEqual([
      [null, "Complexity", "Total", 10, 0.3333, 6],
      [null, "Security", "Total", 17, 0.5667, 6],
      [null, "Other (please specify)", "Total", 1, 0.0333, 6],
    ]);
    expect(JSON.stringify(r)).not.toContain("a respondent's own words");
  });

  it("reads each matrix item's block and skips the Weighted Average column", async () => {
    const r = await read("matrix-weighted-average.xlsx");
    expect(r.issues).toEqual([]);
    expect(r.marginals).toHaveLength(12);
    expect(new Set(r.marginals.map((m) => m.answered))).toEqual(new Set([12]));
    expect(cells(r.marginals.filter((m) => m.item === "Minio"))).toEqual([
      ["Minio", "Using in production", "Africa", 2, 0.4, 13],
      ["Minio", "Evaluating", "Africa", 3, 0.6, 13],
      ["Minio", "Using in production", "Europe", 4, 0.6667, 14],
      ["Minio", "Evaluating", "Europe", 2, 0.3333, 14],
      ["Minio", "Using in production", "Total", 6, 0.5, 15],
      ["Minio", "Evaluating", "Total", 5, 0.4167, 15],
    ]);
    expect(r.marginals.some((m) => m.option === "Weighted Average" || m.option === "Total")).toBe(
      false,
    );
  });

  it("records a stray analyst cell and a text formula as issues, the formula's count left empty", async () => {
    const r = await read("stray-cells.xlsx");
    expect(cells(r.marginals.filter((m) => m.region === "Europe"))).toEqual([
      [null, "Yes, in production", "Europe", null, 0.6, 5],
      [null, "No", "Europe", 8, 0.4, 5],
    ]);
    expect(r.issues).toEqual([
      {
        source: "fixture-2021-part1",
        file: "stray-cells.xlsx",
        row: "Question 1!C5",
        column: "C",
        value: "=sum(B4+D4)",
        reason: "count: a formula stored as text",
      },
      {
        source: "fixture-2021-part1",
        file: "stray-cells.xlsx",
        row: "Question 1!C7",
        column: "C",
        value: "0.4592",
        reason: expect.stringMatching(/outside every question block/),
      },
    ]);
  });

  it("normalises no-break, zero-width and trailing spaces; keeps curly quotes as printed", async () => {
    const r = await read("odd-spaces.xlsx");
    const first = r.marginals[0]!;
    expect(first.question).toBe("What is your geographic location?");
    expect(first.region).toBe("South and Central America");
    expect(r.marginals.map((m) => m.option).slice(0, 2)).toEqual([
      "Baidu Cloud Function Compute",
      "Don\u2019t know",
    ]);
  });

  it("records a per-region count of a matrix's open row (regions across) as one issue", async () => {
    const r = await read("other-counts-across.xlsx");
    expect(r.marginals.filter((m) => m.sheet === "Question 2")).toHaveLength(4);
    expect(r.issues).toEqual([
      expect.objectContaining({
        row: "Question 2!A11",
        value: "Other (please specify): Africa 1, Europe 2, Total 3",
      }),
    ]);
  });

  it("records a sheet it cannot read as blocks as an issue, not a crash", async () => {
    const r = await read("unreadable-sheet.xlsx");
    expect(r.sheets).toBe(2);
    expect(r.marginals.every((m) => m.sheet === "Question 1")).toBe(true);
    expect(r.issues).toEqual([
      expect.objectContaining({
        row: "Question 2!A2",
        value: "How likely would you be to recommend CNCF projects and technologies?",
        reason: expect.stringMatching(/no question block.*sheet not read/),
      }),
    ]);
  });

  it("takes the wave from the survey file, else the source id, else the file name", async () => {
    const part1 = source("single-choice.xlsx", "fixture-2021-part1");
    const given = { ...part1, wave: 2 as const };
    const file = "single-choice.xlsx";
    expect(
      (await readSummaryWorkbook(fixtureBytes(`xlsx-2021/${file}`), given, file)).marginals[0]!
        .wave,
    ).toBe(2);
    expect((await read("single-choice.xlsx", "fixture-2021-part2")).marginals[0]!.wave).toBe(2);
    const bytes = fixtureBytes("xlsx-2021/single-choice.xlsx");
    const bare = source("single-choice.xlsx", "fixture-2021");
    const r = await readSummaryWorkbook(bytes, bare, "Cloud_Native_Survey_2021-Part_2.xlsx");
    expect(r.marginals[0]!.wave).toBe(2);
    await expect(readSummaryWorkbook(bytes, bare, "single-choice.xlsx")).rejects.toThrow(
      /single-choice\.xlsx: cannot tell the wave: give `wave` in data\/surveys\//,
    );
  });
});

describe("2021 summary workbooks on bad input", () => {
  it.each([
    ["not-xlsx.xlsx", /not-xlsx\.xlsx: not a readable \.xlsx workbook.*kube-census fetch/],
    ["empty.xlsx", /empty\.xlsx: the file is empty; run `kube-census fetch`/],
    [
      "no-header-row.xlsx",
      /no-header-row\.xlsx, sheet "Question 1": no question block .*kube-census fetch/,
    ],
  ])("%s stops with a CensusError naming the file and what to do", async (file, message) => {
    const error = await read(file).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("CensusError");
    expect((error as Error).message).toMatch(message);
  });
});

describe("2021 marginals through the codebook", () => {
  const harmonize = async (file: string, ids: string[]) => {
    const r = await read(file);
    const asked = questions.filter((q) => ids.includes(q.id));
    const ctx = { source: "fixture-2021-part1", file, wave: 1 as const, year: 2021 };
    return { r, h: harmonizeMarginals(r.marginals, asked, ctx) };
  };

  it("maps a single choice's options, a matrix's items (aliases) and levels", async () => {
    const single = await harmonize("single-choice.xlsx", ["k8s_use", "service_mesh"]);
    expect(single.h.issues).toEqual([]);
    expect(single.h.harmonised.slice(0, 2)).toEqual([
      { question_id: "k8s_use", option_id: "Yes, in production", item_id: null },
      { question_id: "k8s_use", option_id: "No", item_id: null },
    ]);
    const matrix = await harmonize("matrix-weighted-average.xlsx", ["storage"]);
    expect(matrix.h.issues).toEqual([]);
    expect(matrix.h.harmonised.at(-1)).toEqual({
      question_id: "storage",
      option_id: "Evaluating",
      item_id: "MinIO",
    });
  });

  it("records one issue per option the codebook cannot place and leaves its ids empty", async () => {
    const { r, h } = await harmonize("multi-select.xlsx", ["challenges"]);
    expect(h.issues).toEqual([
      {
        source: "fixture-2021-part1",
        file: "multi-select.xlsx",
        row: "Question 1!4",
        column: "option",
        value: "Other (please specify)",
        reason: '"Other (please specify)" is not an option of challenges in the codebook',
      },
    ]);
    const other = h.harmonised.filter((_, i) => r.marginals[i]!.option.startsWith("Other"));
    expect(other).toEqual(
      Array(3).fill({ question_id: "challenges", option_id: null, item_id: null }),
    );
  });

  it("a mapping naming a question the workbook does not ask names the codebook file and the nearest questions", async () => {
    const wrong = questions
      .filter((q) => q.id === "k8s_use")
      .map((q) => ({
        ...q,
        years: { 2021: { question: "Are you using Kubernetes in production?" } },
      }));
    const { r } = await harmonize("single-choice.xlsx", []);
    const ctx = { source: "x", file: "single-choice.xlsx", wave: 1 as const, year: 2021 };
    expect(() => harmonizeMarginals(r.marginals, wrong, ctx)).toThrow(
      /k8s_use\.yml, years\.2021: no sheet of single-choice\.xlsx asks "Are you using Kubernetes in production\?"\. Nearest questions: "Are you using Kubernetes\?"/,
    );
  });

  it("writes marginals with their ids, the share as a DOUBLE", async () => {
    const { r, h } = await harmonize("matrix-weighted-average.xlsx", ["storage"]);
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      await conn.run(MARGINALS_SCHEMA);
      expect(await writeMarginals(conn, r.marginals, h.harmonised, 2021)).toBe(12);
      const rows = (
        await conn.runAndReadAll(
          `SELECT year, wave, item, item_id, option_id, region, count, share, answered, "row"
           FROM published_marginals WHERE item = 'Minio' AND region = 'Total' ORDER BY option_id`,
        )
      ).getRowObjectsJS();
      expect(rows).toEqual([
        {
          year: 2021,
          wave: 1,
          item: "Minio",
          item_id: "MinIO",
          option_id: "Evaluating",
          region: "Total",
          count: 5,
          share: 0.4167,
          answered: 12,
          row: 15,
        },
        {
          year: 2021,
          wave: 1,
          item: "Minio",
          item_id: "MinIO",
          option_id: "Using in production",
          region: "Total",
          count: 6,
          share: 0.5,
          answered: 12,
          row: 15,
        },
      ]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});

describe("2021 summary workbooks in the database", () => {
  const part1 = { ...source("xlsx-2021/single-choice.xlsx"), id: "fixture-2021-part1" };
  const run = (sources: (typeof part1)[], databasePath: string) =>
    ingest({
      sources,
      rawDir: fixture(""),
      databasePath,
      codebookDir: fixture("xlsx-2021/codebook-ingest"),
    });

  it("stores the marginals, harmonised, and the wave as a survey source", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "kc-2021-")), "census.duckdb");
    await run([part1], path);
    const db = await openDatabase(path);
    try {
      expect(
        await queryRows(
          db.conn,
          `SELECT option_id, count, answered FROM published_marginals
           WHERE question_id = 'k8s_use' AND region = 'Total' ORDER BY option_id DESC`,
        ),
      ).toEqual([
        { option_id: "Yes, in production", count: 20, answered: 30 },
        { option_id: "No", count: 10, answered: 30 },
      ]);
      expect(
        await queryRows(db.conn, `SELECT source, year, respondents FROM survey_sources`),
      ).toEqual([{ source: "fixture-2021-part1", year: 2021, respondents: 30 }]);
    } finally {
      db.close();
    }
  });

  it("keeps the last good database when a workbook is damaged", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-2021-"));
    const path = join(dir, "census.duckdb");
    await run([part1], path);
    const broken = { ...part1, file: "xlsx-2021/not-xlsx.xlsx" };
    await expect(run([broken], path)).rejects.toThrow(/not-xlsx\.xlsx: not a readable \.xlsx/);
    const db = await openDatabase(path);
    try {
      expect(
        await queryRows(db.conn, `SELECT count(*)::INTEGER AS n FROM published_marginals`),
      ).toEqual([{ n: 6 }]);
    } finally {
      db.close();
    }
    expect(await readdir(dir)).toEqual(["census.duckdb"]);
  });
});
