import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { CodeFrame } from "./code-frame.ts";
import type { Question } from "../codebook/codebook.ts";
import type { IngestIssue } from "../ingest-issue.ts";
import { screenSample, type RespondentSample, type ScreeningCount } from "./sample-screening.ts";
import { checkHeaderRows, malformedCsv, type ExportTable } from "./survey-csv.ts";
import { CsvError, CsvReader } from "./csv-records.ts";
import { readCodedExport } from "./coded-export.ts";
import { decodeExport, ExportDecoder } from "./survey-decode.ts";
import { describeColumns, type SurveyColumn } from "./survey-columns.ts";
import { headerRowsOf, REPAIRS } from "./survey-layouts.ts";
import {
  Harmonizer,
  type Answer,
  type AnswerSink,
  type FreeText,
  type Offered,
} from "./survey-harmonize.ts";
import { pacer, runAll, runPaced, type Steps } from "../../paced.ts";
import { CensusError } from "../../errors.ts";
import type { SurveySource } from "../../sources/sources.ts";

/** Where an export's rows go as they are read: every non-empty cell, every respondent, answer and free text. */
export interface SurveySink extends AnswerSink {
  /** A non-empty cell, as exported (position from 0). */
  cell(respondent: number, position: number, value: string): void;
  respondent(respondent: number, sheetRow: number, sample: RespondentSample | undefined): void;
}

/** What an export adds up to once its rows have gone to the sink. */
export interface SurveySummary {
  source: SurveySource;
  columns: SurveyColumn[];
  respondents: number;
  /** Spreadsheet rows above the first respondent (sheet row = respondent + headerRows). */
  headerRows: number;
  /** Rows whose layout damage was repaired (2018's split cell). */
  repairedRows: number;
  /** Question columns: every column, but a coded export's leading respondent columns (ID, collector, dates). */
  questionColumns: number;
  /** Screening and collector per respondent, where the export allows it (coded); else everyone is in the sample. */
  sample?: RespondentSample[];
  /** Respondents each screening rule removed, in the order the rules apply. */
  screening?: ScreeningCount[];
  issues: IngestIssue[];
  /** Non-empty cells in columns the codebook maps: what the issue rate is measured against. */
  mappedCells: number;
  /** position → codebook question id, for the columns table. */
  questionOf: Map<number, string>;
  /** position → the canonical option an option or "Other" column stands for. */
  optionOf: Map<number, string>;
  /** Every option each mapped question offered in this export (chosen or not). */
  offered: Offered[];
  /** Positions of the columns anyone typed into. */
  freeColumns: Set<number>;
}

/**
 * The source's named repairs (data/surveys/<id>.yml) run on a table in place; the rows touched.
 * why: a row two repairs touch is counted once per repair; only one repair exists so far
 */
function* repairSteps(source: SurveySource, table: ExportTable): Steps<number> {
  let touched = 0;
  for (const repair of source.repairs) touched += yield* REPAIRS[repair](table);
  return touched;
}

/** A whole export in memory, for tests and small files. */
export interface LoadedSurvey extends SurveySummary {
  /** Every non-empty cell as [respondent, position, value]: the export in long form, as exported. */
  cells: [number, number, string][];
  answers: Answer[];
  freeText: FreeText[];
}

type LoadOptions = {
  file?: string;
  frame?: CodeFrame;
  /** loadSurvey only: hand the bytes to the reader in pieces of this many bytes. */
  piece?: number;
};

/**
 * Reads one survey export held in memory — decode, parse, repair, describe columns, harmonise
 * through the codebook — into arrays. The ingest streams instead (`streamSurvey`); both run the
 * same reader.
 */
export function loadSurvey(
  bytes: Uint8Array,
  source: SurveySource,
  questions: Question[],
  opts: LoadOptions = {},
): LoadedSurvey {
  const cells: [number, number, string][] = [];
  const answers: Answer[] = [];
  const freeText: FreeText[] = [];
  const reader = new SurveyReader(source, questions, opts, {
    cell: (r, p, v) => cells.push([r, p, v]),
    respondent: () => {},
    answer: (a) => answers.push(a),
    freeText: (f) => freeText.push(f),
  });
  // Tests cut the bytes into pieces, as the stream from disk does, to read across every boundary.
  const step = opts.piece ?? Math.max(1, bytes.length);
  for (let at = 0; at < bytes.length; at += step)
    runAll(reader.push(bytes.subarray(at, at + step)));
  return { ...runAll(reader.end()), cells, answers, freeText };
}

/**
 * Reads one survey export from disk into `sink` as it streams, a 64 KB piece at a time, letting
 * the event loop turn every 50 ms (so Ctrl-C or SIGTERM removes the temporary database at once,
 * whatever the export's size). why: the whole-file arrays (text, records, cells, answers) grew
 * with the data, 2.8 GB at 50× the 2018 and 2019 exports. Returns the sha256 of the bytes read
 * with the summary, for the caller to hold against the hash it checked before.
 */
export async function streamSurvey(
  path: string,
  source: SurveySource,
  questions: Question[],
  opts: LoadOptions,
  sink: SurveySink,
): Promise<{ summary: SurveySummary; sha256: string }> {
  const reader = new SurveyReader(source, questions, opts, sink);
  const hash = createHash("sha256");
  const pause = pacer();
  try {
    for await (const piece of createReadStream(path, { highWaterMark: 1 << 16 })) {
      hash.update(piece as Buffer);
      await runPaced(reader.push(piece as Buffer), undefined, pause);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (e instanceof CensusError || !code) throw e;
    throw new CensusError(
      `${path}: cannot read the raw file for ${source.id} (${code}). It was there when the ingest began: run \`kube-census ingest\` again.`,
    );
  }
  const summary = await runPaced(reader.end(), undefined, pause);
  return { summary, sha256: hash.digest("hex") };
}

/**
 * One export read piece by piece: bytes in (`push`), rows out to the sink, the summary at the
 * `end`. A CSV layout is decoded and split into records as the bytes come, its two header rows
 * checked and its columns mapped once, then each answer row is repaired, kept in long form and
 * harmonised, and dropped. A coded export (one file of fixed size) is read whole at the end:
 * its code frame and screening need every row.
 */
class SurveyReader {
  private readonly file: string;
  private readonly coded: boolean;
  private readonly decoder: ExportDecoder;
  private readonly csv = new CsvReader();
  /** A coded export's bytes, kept until the end. */
  private readonly codedBytes: Uint8Array[] = [];
  /** The header records read so far. */
  private readonly header: string[][] = [];
  /** Blank records (every field empty) not yet known to be followed by a row: trailing ones are dropped. */
  private blanks: string[][] = [];
  private rows?: RowReader;

  constructor(
    private readonly source: SurveySource,
    private readonly questions: Question[],
    private readonly opts: LoadOptions,
    private readonly sink: SurveySink,
  ) {
    this.file = opts.file ?? source.file;
    if (source.layout === "xlsx-summary" || !source.encoding)
      throw new CensusError(
        `${this.file}: the ${source.layout} layout is not a respondent-level CSV.`,
      );
    this.coded = source.layout === "csv-coded";
    if (this.coded && !opts.frame)
      throw new CensusError(`${this.file}: a coded export needs its code frame.`);
    this.decoder = new ExportDecoder(source.encoding, this.file);
  }

  *push(bytes: Uint8Array): Steps<void> {
    if (this.coded) {
      this.codedBytes.push(bytes);
      return;
    }
    this.csv.push(this.decoder.decode(bytes));
    yield* this.records();
  }

  *end(): Steps<SurveySummary> {
    if (this.coded) return yield* this.codedExport();
    this.csv.push(this.decoder.end());
    this.csv.end();
    yield* this.records();
    // Trailing blank records (a one-column file's last line end) carry no answers.
    this.blanks = [];
    if (!this.rows) this.start(); // fewer than two header rows: refused there
    return this.rows!.summary();
  }

  /** Reads the records the text so far holds: headers first, then answer rows in one batch. */
  private *records(): Steps<void> {
    const batch: string[][] = [];
    for (let record = this.next(); record; record = this.next()) {
      if (record.every((c) => c === "")) {
        this.blanks.push(record);
        continue;
      }
      const held = this.blanks.length ? [...this.blanks, record] : [record];
      this.blanks = [];
      for (const r of held) {
        if (this.rows) batch.push(r);
        else {
          this.header.push(r);
          if (this.header.length === 2) this.start();
        }
      }
    }
    if (!this.rows || batch.length === 0) return;
    this.rows.repair(batch);
    for (const row of batch) {
      this.rows.row(row);
      yield;
    }
  }

  private next(): string[] | undefined {
    try {
      return this.csv.next();
    } catch (e) {
      throw e instanceof CsvError ? malformedCsv(e, this.file) : e;
    }
  }

  /** The header rows are in (or the file ended before two): check them and map the columns. */
  private start(): void {
    const [questions, options] = this.header;
    const table = { ...checkHeaderRows(questions, options, this.file), rows: [] };
    this.rows = new RowReader(table, this.questions, this.sink, {
      source: this.source,
      file: this.file,
      headerRows: headerRowsOf(this.source.layout),
      questionColumns: undefined,
    });
  }

  private *codedExport(): Steps<SurveySummary> {
    const bytes = Buffer.concat(this.codedBytes);
    this.codedBytes.length = 0;
    const text = decodeExport(bytes, this.source.encoding!, this.file);
    const frame = this.opts.frame!;
    const coded = readCodedExport(text, frame, {
      source: this.source.id,
      file: this.file,
      frameFile: this.source.frame,
    });
    const sampled = screenSample(coded, frame, this.source, this.file);
    const rows = new RowReader(
      { ...coded.labelled, rows: [] },
      this.questions,
      this.sink,
      {
        source: this.source,
        file: this.file,
        headerRows: headerRowsOf(this.source.layout),
        questionColumns: coded.questionColumns,
      },
      sampled,
    );
    for (const [i, raw] of coded.raw.rows.entries()) {
      rows.row(raw, coded.labelled.rows[i]!);
      yield;
    }
    const summary = rows.summary();
    return { ...summary, issues: [...coded.issues, ...summary.issues] };
  }
}

/** The answer rows of one export, once its header rows are known. */
class RowReader {
  private readonly columns: SurveyColumn[];
  private readonly harmonizer: Harmonizer;
  /** The option header row as exported, before the repair joined its split cells. */
  private readonly exported: string[];
  private respondents = 0;
  private repairedRows = 0;
  private readonly freeColumns = new Set<number>();
  private readonly answers: AnswerSink;

  constructor(
    private readonly header: ExportTable,
    questions: Question[],
    private readonly sink: SurveySink,
    private readonly ctx: {
      source: SurveySource;
      file: string;
      headerRows: number;
      /** A coded export's question columns (its leading response metadata left out). */
      questionColumns: number | undefined;
    },
    private readonly sampled?: ReturnType<typeof screenSample>,
  ) {
    this.exported = [...header.options];
    // The repair joins the header's split cells in place (it finds them by structure).
    runAll(repairSteps(ctx.source, header));
    this.columns = describeColumns(header);
    this.harmonizer = new Harmonizer(this.columns, questions, {
      source: ctx.source.id,
      file: ctx.file,
      year: ctx.source.year,
      headerRows: ctx.headerRows,
    });
    this.answers = {
      answer: (a) => sink.answer(a),
      freeText: (f) => {
        this.freeColumns.add(f.position);
        sink.freeText(f);
      },
    };
  }

  /**
   * Repairs a batch of answer rows in place. The repair is row by row; each batch gets the header
   * row as exported, since the repair finds what to join in it and joins it there too.
   */
  repair(rows: string[][]): void {
    if (this.ctx.source.repairs.length === 0) return;
    const table = { questions: this.header.questions, options: [...this.exported], rows };
    this.repairedRows += runAll(repairSteps(this.ctx.source, table));
  }

  /** One answer row: its cells in long form (as exported), the respondent, its harmonised answers. */
  row(raw: string[], labelled: string[] = raw): void {
    const index = this.respondents++;
    const respondent = index + 1;
    for (let p = 0; p < raw.length; p++) {
      const value = raw[p]!;
      if (value.trim() !== "") this.sink.cell(respondent, p, value);
    }
    this.sink.respondent(
      respondent,
      respondent + this.ctx.headerRows,
      this.sampled?.respondents[index],
    );
    this.harmonizer.row(labelled, index, this.answers);
  }

  summary(): SurveySummary {
    const h = this.harmonizer;
    return {
      source: this.ctx.source,
      columns: this.columns,
      respondents: this.respondents,
      headerRows: this.ctx.headerRows,
      repairedRows: this.repairedRows,
      questionColumns: this.ctx.questionColumns ?? this.columns.length,
      sample: this.sampled?.respondents,
      screening: this.sampled?.removed,
      issues: h.issues,
      mappedCells: h.mappedCells,
      questionOf: h.questionOf,
      optionOf: h.optionOf,
      offered: h.offered,
      freeColumns: this.freeColumns,
    };
  }
}
