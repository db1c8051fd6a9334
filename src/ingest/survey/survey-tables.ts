import type { DuckDBConnection } from "@duckdb/node-api";
import { appendRows, openAppender } from "../../db/append.ts";
import type { SurveySource } from "../../sources/sources.ts";
import type { SurveySink, SurveySummary } from "./survey.ts";

/** The survey tables of one export, written as its rows are read. */
export interface SurveyTables {
  /** Takes each cell, respondent, answer and free text into its table's appender. */
  sink: SurveySink;
  /** Flushes the row tables and writes the per-export ones (sources, columns, screening, offered). */
  finish(s: SurveySummary): Promise<void>;
  /** Releases the appenders after a failed load, writing nothing more. */
  abort(): void;
}

/**
 * Opens the appenders of the tables that grow with the respondents (cells, respondents, answers,
 * free text). why: their rows used to wait in arrays until the whole export was read — at 50× the
 * 2018 and 2019 exports, ~6 million cells and as many answers held in memory at once.
 */
export async function openSurveyTables(
  conn: DuckDBConnection,
  source: SurveySource,
): Promise<SurveyTables> {
  const { id, year } = source;
  const cells = await openAppender(conn, "survey_cells");
  const respondents = await openAppender(conn, "respondents");
  const answers = await openAppender(conn, "answers_all");
  const free = await openAppender(conn, "free_text");
  const all = [cells, respondents, answers, free];
  return {
    sink: {
      cell: (r, p, v) => cells.row([id, year, r, p + 1, v]),
      respondent: (r, sheetRow, sample) =>
        respondents.row([
          id,
          year,
          r,
          sheetRow,
          sample?.excluded ?? null,
          sample?.collector ?? null,
          sample?.panel ?? null,
        ]),
      answer: (a) => answers.row([id, year, a.respondent, a.question, a.option, a.value]),
      freeText: (f) => free.row([id, year, f.respondent, f.question, f.position + 1, f.text]),
    },
    async finish(s) {
      for (const a of all) a.close();
      await writeSurveyMeta(conn, s);
    },
    abort() {
      for (const a of all)
        try {
          a.close(false);
        } catch {
          // the load already failed; its error is the one to report
        }
    },
  };
}

/** Writes the tables one row per export, column or rule. */
async function writeSurveyMeta(conn: DuckDBConnection, s: SurveySummary): Promise<void> {
  const { id, year } = s.source;
  const inSample = s.sample ? s.sample.filter((r) => r.excluded === null).length : s.respondents;
  await appendRows(conn, "survey_sources", [
    [
      id,
      year,
      s.source.label,
      s.source.file,
      s.respondents,
      s.columns.length,
      s.repairedRows,
      inSample,
      s.source.reference_date?.date ?? null,
    ],
  ]);
  // A column is free text when anyone typed into it: "Other" boxes, open questions.
  await appendRows(
    conn,
    "survey_columns",
    s.columns.map((c) => {
      const free = c.kind === "other" || c.kind === "open" || s.freeColumns.has(c.position);
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
    "screening",
    (s.screening ?? []).map((r, i) => [id, i + 1, r.rule, r.description, r.removed]),
  );
  await appendRows(
    conn,
    "survey_offered",
    s.offered.map((o) => [id, year, o.question, o.option, o.origin]),
  );
}
