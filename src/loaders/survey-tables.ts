import type { DuckDBConnection } from "@duckdb/node-api";
import { appendRows } from "../db/append.ts";
import type { LoadedSurvey } from "./survey.ts";

/** The survey tables; `answers` is the harmonised long form every analysis reads. */
export const SURVEY_SCHEMA = `
CREATE TABLE survey_sources (source VARCHAR PRIMARY KEY, year INTEGER, period VARCHAR, file VARCHAR,
  respondents INTEGER, columns INTEGER, repaired_rows INTEGER);
CREATE TABLE survey_columns (source VARCHAR, year INTEGER, position INTEGER, question VARCHAR,
  occurrence INTEGER, option VARCHAR, kind VARCHAR, question_id VARCHAR, option_id VARCHAR, free_text BOOLEAN);
CREATE TABLE survey_cells (source VARCHAR, year INTEGER, respondent INTEGER, position INTEGER, value VARCHAR);
CREATE TABLE respondents (source VARCHAR, year INTEGER, respondent INTEGER, sheet_row INTEGER);
CREATE TABLE answers (source VARCHAR, year INTEGER, respondent INTEGER, question VARCHAR, option VARCHAR, value VARCHAR);
CREATE TABLE free_text (source VARCHAR, year INTEGER, respondent INTEGER, question VARCHAR, position INTEGER, text VARCHAR);
`;

/** Writes one loaded export into the survey tables. */
export async function writeSurvey(conn: DuckDBConnection, s: LoadedSurvey): Promise<void> {
  const { id, year } = s.source;
  const freeColumns = new Set(s.freeText.map((f) => f.position));
  await appendRows(conn, "survey_sources", [
    [
      id,
      year,
      s.source.period ?? String(year),
      s.source.file,
      s.respondents,
      s.columns.length,
      s.repairedRows,
    ],
  ]);
  // A column is free text when anyone typed into it: "Other" boxes, open questions.
  await appendRows(
    conn,
    "survey_columns",
    s.columns.map((c) => {
      const free = c.kind === "other" || c.kind === "open" || freeColumns.has(c.position);
      return [
        id,
        year,
        c.position + 1,
        c.question,
        c.occurrence,
        c.option,
        c.kind,
        s.questionOf.get(c.position) ?? null,
        s.optionOf.get(c.position) ?? null,
        free,
      ];
    }),
  );
  await appendRows(
    conn,
    "survey_cells",
    s.cells.map(([r, p, v]) => [id, year, r, p + 1, v]),
  );
  await appendRows(
    conn,
    "respondents",
    Array.from({ length: s.respondents }, (_, i) => [id, year, i + 1, i + 3]),
  );
  await appendRows(
    conn,
    "answers",
    s.answers.map((a) => [id, year, a.respondent, a.question, a.option, a.value]),
  );
  await appendRows(
    conn,
    "free_text",
    s.freeText.map((f) => [id, year, f.respondent, f.question, f.position + 1, f.text]),
  );
}
