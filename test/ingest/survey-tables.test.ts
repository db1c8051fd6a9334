// The survey tables' packed path (src/ingest/survey/packed-rows.ts, survey-tables.ts): every
// cell and answer a sink is given must come out of DuckDB as it went in, whatever its text.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SURVEY_SCHEMA } from "../../src/db/schema.ts";
import { ESC, pack, SEP } from "../../src/ingest/survey/packed-rows.ts";
import type { SurveySummary } from "../../src/ingest/survey/survey.ts";
import { openSurveyTables } from "../../src/ingest/survey/survey-tables.ts";
import { fixtureSource } from "../support/fixtures.ts";

let instance: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  await conn.run(SURVEY_SCHEMA);
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRows();

/** What finish needs besides the rows; none of it is under test here. */
function summary(source: ReturnType<typeof fixtureSource>, respondents: number): SurveySummary {
  return {
    source,
    columns: [],
    respondents,
    headerRows: 2,
    repairedRows: 0,
    questionColumns: 0,
    issues: [],
    mappedCells: 0,
    questionOf: new Map(),
    optionOf: new Map(),
    offered: [],
    freeColumns: new Set(),
  };
}

describe("packing a row's values", () => {
  it("joins plain values with the separator and marks a row whose values hold it", () => {
    expect(pack(["a", "", "b c"])).toEqual({ text: `a${SEP}${SEP}b c`, escaped: false });
    expect(pack([`x${SEP}y`, `${ESC}s`])).toEqual({
      text: `x${ESC}sy${SEP}${ESC}es`,
      escaped: true,
    });
  });
});

describe("survey tables through the packed path", () => {
  // Each value is a quirk: the separator and escape characters alone, together and in the order
  // the unescaping undoes them, quotes and commas (the answer keys are joined by commas), a line
  // break, a no-break space and a tab alone (blank: not kept), text around spaces (kept as is).
  const cells = [
    ["Yes", "", " ", "\u00a0", "\t", `a${SEP}b`, `${ESC}`, `${ESC}s`, `${ESC}${SEP}e`],
    ['say "hi", then', "line\nbreak", "  padded  ", "", "Ω – ‘quoted’"],
  ];
  const expectedCells = [
    [1, 1, "Yes"],
    [1, 6, `a${SEP}b`],
    [1, 7, `${ESC}`],
    [1, 8, `${ESC}s`],
    [1, 9, `${ESC}${SEP}e`],
    [2, 1, 'say "hi", then'],
    [2, 2, "line\nbreak"],
    [2, 3, "  padded  "],
    [2, 5, "Ω – ‘quoted’"],
  ];
  const answers = [
    { respondent: 1, question: "q1", option: "A, B", value: null },
    { respondent: 1, question: "q2", option: "X", value: "Using" },
    { respondent: 2, question: "q1", option: "A, B", value: null },
    { respondent: 2, question: "q2", option: "X", value: null },
    { respondent: 3, question: "q2", option: "X", value: "Using" },
  ];

  it("writes every non-blank cell at its position and every answer, text unchanged", async () => {
    const source = fixtureSource("packed.csv", 2018, "survey-2018");
    const tables = await openSurveyTables(conn, source);
    for (const [i, row] of cells.entries()) {
      tables.sink.respondent(i + 1, i + 3, undefined);
      tables.sink.cells(i + 1, row);
    }
    // respondent 3 answered without a cell of its own: its answers still arrive
    for (const a of answers) tables.sink.answer(a);
    await tables.finish(summary(source, 3));
    expect(
      await rows(
        "SELECT respondent, position, value FROM survey_cells ORDER BY respondent, position",
      ),
    ).toEqual(expectedCells);
    expect(
      await rows(
        "SELECT respondent, question, option, value FROM answers_all ORDER BY respondent, question",
      ),
    ).toEqual(answers.map((a) => [a.respondent, a.question, a.option, a.value]));
    expect(await rows("SELECT DISTINCT source, year FROM answers_all")).toEqual([
      ["fixture-2018", 2018],
    ]);
    // the temporary tables are gone, so the next export starts clean
    expect(await rows("SELECT count(*) FROM duckdb_tables() WHERE temporary")).toEqual([[0n]]);
  });

  it("writes nothing from an export whose load was aborted", async () => {
    const source = fixtureSource("aborted.csv", 2019, "survey-2019");
    const tables = await openSurveyTables(conn, source);
    tables.sink.cells(1, ["x"]);
    tables.sink.answer({ respondent: 1, question: "q", option: "o", value: null });
    tables.abort();
    expect(await rows("SELECT count(*) FROM survey_cells WHERE year = 2019")).toEqual([[0n]]);
    expect(await rows("SELECT count(*) FROM answers_all WHERE year = 2019")).toEqual([[0n]]);
  });
});
