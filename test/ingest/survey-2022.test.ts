import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { computeFigure } from "../../src/survey/compute.ts";
import { containerUse } from "../../src/survey/figures/container-use.ts";
import { fig11 } from "../../src/survey/figures/fig-1-1.ts";
import { openDatabase, queryRows } from "../../src/db/open.ts";
import { loadCodeFrame, type CodeFrame } from "../../src/ingest/survey/code-frame.ts";
import { loadCodebook, type Question } from "../../src/ingest/codebook/codebook.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { loadSurvey } from "../../src/ingest/survey/survey.ts";
import { fixture, fixtureBytes, fixtureSource } from "../support/fixtures.ts";

const FILE = "coded-2022/coded-2022.csv";
const source = {
  ...fixtureSource(FILE, 2022, "survey-2022"),
  id: "fixture-2022",
  frame: fixture("coded-2022/frame.yml"),
};
let frame: CodeFrame;
let questions: Question[];
beforeAll(async () => {
  frame = await loadCodeFrame(fixture("coded-2022/frame.yml"));
  questions = await loadCodebook(fixture("codebook-2022"));
});
const load = (bytes = fixtureBytes(FILE)) => loadSurvey(bytes, source, questions, { frame });

describe("2022 coded export", () => {
  it("folds \\r\\r\\n records, reads three header rows and Windows-1252 (0x96 is an en dash)", () => {
    const s = load();
    expect(s.respondents).toBe(7);
    expect(s.headerRows).toBe(3);
    const dash = s.columns.find((c) => c.option.startsWith("Stateless"))!;
    expect(dash.option).toBe(
      "Stateless applications – no state or data stored outside of a given deployment",
    );
    // The quoted header cell with an embedded line break stays one column.
    expect(s.columns).toHaveLength(22);
  });

  it("turns single-choice, multi-select and matrix codes into the code frame's labels", () => {
    const s = load();
    const of = (respondent: number) =>
      s.answers
        .filter((a) => a.respondent === respondent)
        .map((a) => [a.question, a.option, a.value])
        .sort((a, b) => String(a).localeCompare(String(b)));
    expect(of(1)).toEqual([
      ["challenges", "CI/CD", null],
      ["challenges", "Complexity", null],
      ["cncf_projects", "Kubernetes", "Using in production"],
      ["cncf_projects", "Prometheus", "Evaluating"],
      [
        "container_use",
        "Used for most or all production applications and business segments throughout the organization",
        null,
      ],
      ["k8s_clusters", "6-10", null],
      ["org_size", "1000-4999", null],
    ]);
    expect(of(6)).toEqual([
      ["challenges", "Testing", null],
      ["cncf_projects", "Kubernetes", "Don't know or not sure"],
      [
        "container_use",
        "Used for a few production applications or business segments in the organization",
        null,
      ],
      ["k8s_clusters", "50+", null],
      ["org_size", "11-50", null],
    ]);
  });

  it("keeps the export's codes in the cells, and matches '?' apostrophes and a cut label to the frame", () => {
    const s = load();
    expect(s.cells.filter(([r, p]) => r === 1 && p === 12)).toEqual([[1, 12, "2"]]);
    const apostrophe = s.columns.find((c) => c.position === 20)!;
    expect(apostrophe.option).toBe(
      "Doesn't work well with my existing deployment tools or infrastructure",
    );
  });

  it("makes an unknown code, a code in the wrong option column and garbage into issues", () => {
    const s = load();
    expect(s.issues.map((i) => [i.row, i.column, i.value, i.reason])).toEqual([
      [
        "10",
        "7: Q1 What is your geographic location? (select one)",
        "12",
        "code 12 is not in the code frame of Q1 (codes: 1, 4, 8)",
      ],
      ["10", "13: Q15 Complexity", "5", 'Q15 column "Complexity" holds code 2, not 5'],
      ["10", "15: Q18 Response", "xé", "not a code (a whole number) of the code frame"],
    ]);
  });

  it("screens in order (teacher/student, no organization, page 3 incomplete) and marks the panel", () => {
    const s = load();
    expect(s.screening!.map((r) => [r.rule, r.removed])).toEqual([
      ["not-a-person", 0],
      ["teacher-student", 2],
      ["no-organization", 1],
      ["incomplete", 1],
    ]);
    // Respondent 3 is a teacher *and* does not know the size: the first rule takes it.
    expect(s.sample!.map((r) => r.excluded)).toEqual([
      null,
      "teacher-student",
      "teacher-student",
      "no-organization",
      "incomplete",
      null,
      null,
    ]);
    expect(s.sample!.map((r) => r.panel)).toEqual([true, false, false, false, false, false, false]);
  });

  it("stops with the file and what to do when a header row is missing or the file is cut", () => {
    const text = fixtureBytes(FILE).toString("latin1");
    const noNumbers = text.slice(text.indexOf("\r\r\n") + 3);
    expect(() => load(Buffer.from(noNumbers, "latin1"))).toThrow(
      /coded-2022\.csv, rows 1-3: expected question numbers .* restore the file with `kube-census fetch`/,
    );
    const cut = text.slice(0, text.lastIndexOf("9/20/2022"));
    expect(() => load(Buffer.from(cut, "latin1"))).toThrow(
      /coded-2022\.csv: not a well-formed CSV/,
    );
  });

  it("refuses a question the code frame does not transcribe", async () => {
    const partial = new Map(frame);
    partial.delete(23);
    expect(() => loadSurvey(fixtureBytes(FILE), source, questions, { frame: partial })).toThrow(
      /questions Q23 \(column 18\) are not in the code frame/,
    );
  });
});

describe("2022 in the database", () => {
  let path: string;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-2022-"));
    path = join(dir, "census.duckdb");
    await ingest({
      sources: [source],
      rawDir: fixture(""),
      databasePath: path,
      codebookDir: fixture("codebook-2022"),
      // The fixture holds a few deliberate issues in very few cells, and its codebook maps only
      // the questions under test (8 of 16 question columns).
      maxIssueRate: 1,
      minCoverage: 0,
    });
  });

  it("keeps screened-out respondents, marked, and out of `answers`", async () => {
    const db = await openDatabase(path);
    try {
      const rows = await queryRows(
        db.conn,
        `SELECT (SELECT count(*) FROM respondents)::INTEGER AS all_rows,
                (SELECT count(*) FROM respondents WHERE excluded IS NULL)::INTEGER AS sample,
                (SELECT count(DISTINCT respondent) FROM answers_all)::INTEGER AS answered_all,
                (SELECT count(DISTINCT respondent) FROM answers)::INTEGER AS answered,
                (SELECT sample FROM survey_sources)::INTEGER AS sample_column,
                (SELECT max(sheet_row) FROM respondents)::INTEGER AS last_row`,
      );
      expect(rows).toEqual([
        { all_rows: 7, sample: 3, answered_all: 7, answered: 3, sample_column: 3, last_row: 10 },
      ]);
    } finally {
      db.close();
    }
  });

  it("splits a figure by panel and community and marks every 2022 row with its breaks", async () => {
    const db = await openDatabase(path);
    try {
      const { rows } = await computeFigure(db.conn, fig11, { split: true });
      // Kubernetes users (a cluster count and a challenge): respondent 1 (panel, 6-10 clusters)
      // and 6 (community, more than 50); respondent 7 has a garbled cluster cell.
      const rows2022 = rows.filter((r) => r.year === 2022);
      expect(rows2022.map((r) => [r.sample, r.n, r.count])).toEqual([
        ["all", 2, 2],
        ["community", 1, 1],
        ["panel", 1, 1],
      ]);
      expect(rows2022[0]!.notes.map((n) => n.kind)).toEqual(["routing", "panel"]);
      expect(rows2022[0]!.notes[1]!.text).toMatch(
        /^33% of this year's screened sample came from a paid panel/,
      );
    } finally {
      db.close();
    }
  });

  it("counts how containers are used over the screened sample only", async () => {
    const db = await openDatabase(path);
    try {
      const { rows } = await computeFigure(db.conn, containerUse);
      // In the sample: 1 and 7 (most or all), 6 (a few); the screened-out 2-5 are not counted.
      expect(rows.map((r) => [r.category.split(" ").slice(0, 4).join(" "), r.n, r.count])).toEqual([
        ["Used for most or", 3, 2],
        ["Used for a few", 3, 1],
      ]);
    } finally {
      db.close();
    }
  });

  it("leaves no temporary file behind", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-2022-"));
    await writeFile(join(dir, "keep.txt"), "");
    await expect(
      ingest({
        sources: [{ ...source, frame: fixture("coded-2022/missing-frame.yml") }],
        rawDir: fixture(""),
        databasePath: join(dir, "census.duckdb"),
        codebookDir: fixture("codebook-2022"),
      }),
    ).rejects.toThrow(/missing-frame\.yml: cannot read/);
    expect(await readdir(dir)).toEqual(["keep.txt"]);
  });
});
