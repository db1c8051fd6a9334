import type { DuckDBConnection } from "@duckdb/node-api";
import { appendRows, openAppender } from "../../db/append.ts";
import type { SurveySource } from "../../sources/sources.ts";
import { pack, unpackSql } from "./packed-rows.ts";
import { isBlankCell, type SurveySink, type SurveySummary } from "./survey.ts";
import type { Answer } from "./survey-harmonize.ts";

/** The survey tables of one export, written as its rows are read. */
export interface SurveyTables {
  /** Takes each cell, respondent, answer and free text into its table's appender. */
  sink: SurveySink;
  /** Flushes the row tables and writes the per-export ones (sources, columns, screening, offered). */
  finish(s: SurveySummary): Promise<void>;
  /** Releases the appenders after a failed load, writing nothing more. */
  abort(): void;
}

/** The temporary tables a source's packed rows wait in until `finish` unpacks them. */
const PACKED_TABLES = `
CREATE OR REPLACE TEMP TABLE packed_cells (respondent INTEGER, cells VARCHAR, escaped BOOLEAN);
CREATE OR REPLACE TEMP TABLE packed_answers (respondent INTEGER, answers VARCHAR);
CREATE OR REPLACE TEMP TABLE answer_keys (k INTEGER, question VARCHAR, option VARCHAR, value VARCHAR);`;

/**
 * Each packed row's non-empty cells into survey_cells, position from 1. The sink sends an empty
 * string for a blank cell (JavaScript's trim decides what is blank, as before), so `<> ''` keeps
 * exactly the cells it kept.
 */
const UNPACK_CELLS = `
INSERT INTO survey_cells
  SELECT $id, $year, respondent, position, ${unpackSql("part", "escaped")}
  FROM (SELECT respondent, escaped, unnest(parts) AS part, unnest(range(1, len(parts) + 1))::INTEGER AS position
        FROM (SELECT respondent, escaped, string_split(cells, chr(31)) AS parts FROM temp.packed_cells))
  WHERE part <> ''`;

/** Each respondent's answer keys, looked up in the source's own list of (question, option, value). */
const UNPACK_ANSWERS = `
INSERT INTO answers_all
  SELECT $id, $year, p.respondent, a.question, a.option, a.value
  FROM (SELECT respondent, unnest(string_split(answers, ','))::INTEGER AS k FROM temp.packed_answers) p
  JOIN temp.answer_keys a USING (k)`;

/**
 * The row tables of one export, written as its rows are read: cells and answers packed one row
 * per respondent into temporary tables (see `packed-rows.ts` for why) and unpacked by SQL at
 * `finish`; respondents and free text (one row per respondent or typed box) appended directly.
 * why streamed at all: the rows used to wait in arrays until the whole export was read — at 50×
 * the 2018 and 2019 exports, ~6 million cells and as many answers held in memory at once.
 */
export async function openSurveyTables(
  conn: DuckDBConnection,
  source: SurveySource,
): Promise<SurveyTables> {
  const { id, year } = source;
  await conn.run(PACKED_TABLES);
  const cells = await conn.createAppender("packed_cells", "main", "temp");
  const packedAnswers = await conn.createAppender("packed_answers", "main", "temp");
  const respondents = await openAppender(conn, "respondents");
  const free = await openAppender(conn, "free_text");
  // Each distinct (question, option, value) of this export gets a number; a respondent's answers
  // are the list of their numbers. A few hundred keys stand for ~120,000 answers an export.
  const keys = new Map<string, Map<string, Map<string | null, number>>>();
  const keyRows: [number, string, string, string | null][] = [];
  const keyOf = (a: Answer) => {
    let options = keys.get(a.question);
    if (!options) keys.set(a.question, (options = new Map()));
    let values = options.get(a.option);
    if (!values) options.set(a.option, (values = new Map()));
    let k = values.get(a.value);
    if (k === undefined) {
      values.set(a.value, (k = keyRows.length));
      keyRows.push([k, a.question, a.option, a.value]);
    }
    return k;
  };
  let current = -1;
  let held: number[] = [];
  const flushAnswers = () => {
    if (held.length === 0) return;
    packedAnswers.appendInteger(current);
    packedAnswers.appendVarchar(held.join(","));
    packedAnswers.endRow();
    held = [];
  };
  const close = (flush: boolean) => {
    for (const a of [cells, packedAnswers]) {
      if (flush) a.flushSync();
      else a.clear();
      a.closeSync();
    }
    for (const a of [respondents, free]) a.close(flush);
  };
  let open = true;
  return {
    sink: {
      cells(r, raw) {
        const packed = pack(raw.map((v) => (isBlankCell(v) ? "" : v)));
        cells.appendInteger(r);
        cells.appendVarchar(packed.text);
        cells.appendBoolean(packed.escaped);
        cells.endRow();
      },
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
      answer(a) {
        if (a.respondent !== current) {
          flushAnswers();
          current = a.respondent;
        }
        held.push(keyOf(a));
      },
      freeText: (f) => free.row([id, year, f.respondent, f.question, f.position + 1, f.text]),
    },
    async finish(s) {
      flushAnswers();
      open = false;
      close(true);
      await appendRows(conn, "answer_keys", keyRows);
      await conn.run(UNPACK_CELLS, { id, year });
      await conn.run(UNPACK_ANSWERS, { id, year });
      await conn.run(
        "DROP TABLE temp.packed_cells; DROP TABLE temp.packed_answers; DROP TABLE temp.answer_keys",
      );
      await writeSurveyMeta(conn, s);
    },
    abort() {
      if (!open) return;
      open = false;
      try {
        close(false);
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
