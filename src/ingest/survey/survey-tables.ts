import type { DuckDBConnection } from "@duckdb/node-api";
import { appendRows, type Cell } from "../../db/append.ts";
import type { LoadedSurvey } from "./survey.ts";

/**
 * Rows made one at a time as the appender takes them. why: a `.map` of the long lists (cells,
 * answers: ~6 million each at 50× the 2018 and 2019 exports) held a second copy of each in memory.
 */
function* each<T>(items: Iterable<T>, row: (item: T, index: number) => Cell[]): Generator<Cell[]> {
  let i = 0;
  for (const item of items) yield row(item, i++);
}

function* upTo(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

/** Writes one loaded export into the survey tables. */
export async function writeSurvey(conn: DuckDBConnection, s: LoadedSurvey): Promise<void> {
  const { id, year } = s.source;
  const freeColumns = new Set(s.freeText.map((f) => f.position));
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
    each(s.cells, ([r, p, v]) => [id, year, r, p + 1, v]),
  );
  await appendRows(
    conn,
    "respondents",
    each(upTo(s.respondents), (_, i) => {
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
    "survey_offered",
    s.offered.map((o) => [id, year, o.question, o.option, o.origin]),
  );
  await appendRows(
    conn,
    "answers_all",
    each(s.answers, (a) => [id, year, a.respondent, a.question, a.option, a.value]),
  );
  await appendRows(
    conn,
    "free_text",
    each(s.freeText, (f) => [id, year, f.respondent, f.question, f.position + 1, f.text]),
  );
}
