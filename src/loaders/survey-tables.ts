import type { DuckDBConnection } from "@duckdb/node-api";
import { appendRows } from "../db/append.ts";
import type { LoadedSurvey } from "./survey.ts";

/**
 * The survey tables. `answers` is the harmonised long form every analysis reads: a view over
 * `answers_all` that keeps only respondents in each survey's published sample, so no figure can
 * count a screened-out respondent by forgetting a filter.
 */
export const SURVEY_SCHEMA = `
CREATE TABLE survey_sources (source VARCHAR PRIMARY KEY, year INTEGER, period VARCHAR, file VARCHAR,
  respondents INTEGER, columns INTEGER, repaired_rows INTEGER, sample INTEGER);
CREATE TABLE survey_columns (source VARCHAR, year INTEGER, position INTEGER, question VARCHAR,
  occurrence INTEGER, option VARCHAR, kind VARCHAR, question_id VARCHAR, option_id VARCHAR, free_text BOOLEAN);
CREATE TABLE survey_cells (source VARCHAR, year INTEGER, respondent INTEGER, position INTEGER, value VARCHAR);
CREATE TABLE respondents (source VARCHAR, year INTEGER, respondent INTEGER, sheet_row INTEGER,
  excluded VARCHAR, collector VARCHAR, panel BOOLEAN);
CREATE TABLE screening (source VARCHAR, "order" INTEGER, rule VARCHAR, description VARCHAR, removed INTEGER);
CREATE TABLE answers_all (source VARCHAR, year INTEGER, respondent INTEGER, question VARCHAR, option VARCHAR, value VARCHAR);
CREATE VIEW answers AS
  SELECT a.* FROM answers_all a
  -- why: screened-out respondents stay in the database, marked, but in no analysis
  SEMI JOIN respondents r ON r.source = a.source AND r.respondent = a.respondent AND r.excluded IS NULL;
CREATE TABLE free_text (source VARCHAR, year INTEGER, respondent INTEGER, question VARCHAR, position INTEGER, text VARCHAR);
`;

/** Writes one loaded export into the survey tables. */
export async function writeSurvey(conn: DuckDBConnection, s: LoadedSurvey): Promise<void> {
  const { id, year } = s.source;
  const freeColumns = new Set(s.freeText.map((f) => f.position));
  const inSample = s.sample ? s.sample.filter((r) => r.excluded === null).length : s.respondents;
  await appendRows(conn, "survey_sources", [
    [
      id,
      year,
      s.source.period ?? String(year),
      s.source.file,
      s.respondents,
      s.columns.length,
      s.repairedRows,
      inSample,
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
    Array.from({ length: s.respondents }, (_, i) => {
      const sample = s.sample?.[i];
      return [
        id,
        year,
        i + 1,
        i + 1 + s.headerRows,
        sample?.excluded ?? null,
        sample?.collector ?? null,
        sample?.panel ?? null,
      ];
    }),
  );
  await appendRows(
    conn,
    "screening",
    (s.screening ?? []).map((r, i) => [id, i + 1, r.rule, r.description, r.removed]),
  );
  await appendRows(
    conn,
    "answers_all",
    s.answers.map((a) => [id, year, a.respondent, a.question, a.option, a.value]),
  );
  await appendRows(
    conn,
    "free_text",
    s.freeText.map((f) => [id, year, f.respondent, f.question, f.position + 1, f.text]),
  );
}
