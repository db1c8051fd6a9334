import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coverage } from "../../src/survey/coverage.ts";
import { SURVEY_SCHEMA } from "../../src/db/schema.ts";

// Two exports' columns, each block showing one case the coverage must count right:
// (source, year, position, question, occurrence, option, kind, question_id, option_id, free_text)
const COLUMNS = `
INSERT INTO survey_sources VALUES
  ('fx-2019', 2019, '2019', 'a.csv', 10, 2, 0, 10, NULL),
  ('fx-2022', 2022, '2022', 'b.csv', 10, 9, 0, 10, NULL);
INSERT INTO survey_columns VALUES
  -- 2019: one closed question, mapped; its Other box is free text either way
  ('fx-2019', 2019, 1, 'Size?', 1, 'Response', 'response', 'org_size', NULL, false),
  ('fx-2019', 2019, 2, 'Size?', 1, 'Other (please specify)', 'other', 'org_size', NULL, true),
  -- 2022: response metadata, not a question
  ('fx-2022', 2022, 1, 'Respondent ID', 1, 'Response', 'response', NULL, NULL, false),
  -- mapped, and asked again later under the same text (occurrence 2, unmapped)
  ('fx-2022', 2022, 2, 'Title?', 1, 'Response', 'response', 'role', NULL, false),
  -- mapped, one closed column left out of the mapping (exclude)
  ('fx-2022', 2022, 3, 'Tools?', 1, 'Jenkins', 'option', 'cicd', 'Jenkins', false),
  ('fx-2022', 2022, 4, 'Tools?', 1, 'Typed benefits', 'option', NULL, NULL, false),
  -- closed, unmapped
  ('fx-2022', 2022, 5, 'Gitops?', 1, 'Response', 'response', NULL, NULL, false),
  -- an open question and a block of typed words (a free_text question): not closed
  ('fx-2022', 2022, 6, 'Why?', 1, 'Open-Ended Response', 'open', NULL, NULL, true),
  ('fx-2022', 2022, 7, 'Five words?', 1, '1', 'option', 'words', NULL, true),
  ('fx-2022', 2022, 8, 'Five words?', 1, '2', 'option', 'words', NULL, true),
  ('fx-2022', 2022, 9, 'Title?', 2, 'Response', 'response', NULL, NULL, false);`;

let instance: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  await conn.run(SURVEY_SCHEMA + COLUMNS);
});

afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

describe("coverage", () => {
  it("counts closed question blocks per export, and those the codebook maps", async () => {
    expect(await coverage(conn)).toEqual([
      {
        source: "fx-2019",
        year: 2019,
        period: "2019",
        closed_questions: 1,
        mapped: 1,
        coverage: 100,
        unmapped_columns: 0,
        unmapped_questions: [],
      },
      {
        source: "fx-2022",
        year: 2022,
        period: "2022",
        // Title? (twice), Tools?, Gitops?: not the metadata, the open question or the typed words.
        closed_questions: 4,
        mapped: 2,
        coverage: 50,
        unmapped_columns: 1,
        unmapped_questions: ["Gitops?", "Title?"],
      },
    ]);
  });
});
