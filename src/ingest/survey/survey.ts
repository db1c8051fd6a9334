import type { CodeFrame } from "./code-frame.ts";
import type { Question } from "../codebook/codebook.ts";
import type { IngestIssue } from "../ingest-issue.ts";
import { screenSample, type RespondentSample, type ScreeningCount } from "./sample-screening.ts";
import { parseExportSteps, type ExportTable } from "./survey-csv.ts";
import { readCodedExport } from "./coded-export.ts";
import { decodeExport } from "./survey-decode.ts";
import { describeColumns, type SurveyColumn } from "./survey-columns.ts";
import { headerRowsOf, REPAIRS } from "./survey-layouts.ts";
import { harmonizeSteps, type Harmonized } from "./survey-harmonize.ts";
import { runAll, runPaced, type Steps } from "../../paced.ts";
import { CensusError } from "../../errors.ts";
import type { SurveySource } from "../../sources/sources.ts";

export interface LoadedSurvey extends Harmonized {
  source: SurveySource;
  columns: SurveyColumn[];
  /** Every non-empty cell as [respondent, position, value]: the export in long form, as exported. */
  cells: [number, number, string][];
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
}

type LoadOptions = { file?: string; frame?: CodeFrame };

/** Reads one survey export: decode, parse, repair, describe columns, harmonise through the codebook. */
export function loadSurvey(
  bytes: Uint8Array,
  source: SurveySource,
  questions: Question[],
  opts: LoadOptions = {},
): LoadedSurvey {
  return runAll(loadSurveySteps(bytes, source, questions, opts));
}

/**
 * loadSurvey for the ingest: the same work, letting the event loop turn every 50 ms, so Ctrl-C or
 * SIGTERM removes the temporary database at once whatever the export's size.
 */
export function loadSurveyPaced(
  bytes: Uint8Array,
  source: SurveySource,
  questions: Question[],
  opts: LoadOptions = {},
): Promise<LoadedSurvey> {
  return runPaced(loadSurveySteps(bytes, source, questions, opts));
}

function* loadSurveySteps(
  bytes: Uint8Array,
  source: SurveySource,
  questions: Question[],
  opts: LoadOptions,
): Steps<LoadedSurvey> {
  const file = opts.file ?? source.file;
  if (source.layout === "xlsx-summary" || !source.encoding)
    throw new CensusError(`${file}: the ${source.layout} layout is not a respondent-level CSV.`);
  const coded = source.layout === "csv-coded";
  const text = decodeExport(bytes, source.encoding, file);
  let raw: ExportTable;
  let labelled: ExportTable;
  let decodeIssues: IngestIssue[] = [];
  let sampled: ReturnType<typeof screenSample> | undefined;
  let questionColumns: number | undefined;
  if (coded) {
    if (!opts.frame) throw new CensusError(`${file}: a coded export needs its code frame.`);
    const read = readCodedExport(text, opts.frame, {
      source: source.id,
      file,
      frameFile: source.frame,
    });
    ({ raw, labelled } = read);
    decodeIssues = read.issues;
    questionColumns = read.questionColumns;
    sampled = screenSample(read, opts.frame, source, file);
  } else {
    raw = labelled = yield* parseExportSteps(text, file);
  }
  yield;
  let repairedRows = 0;
  // why: a row two repairs touch is counted once per repair; only one repair exists so far
  for (const repair of source.repairs) repairedRows += yield* REPAIRS[repair](raw);
  const columns = describeColumns(labelled);
  const cells: [number, number, string][] = [];
  for (const [i, row] of raw.rows.entries()) {
    row.forEach((value, position) => value.trim() !== "" && cells.push([i + 1, position, value]));
    yield;
  }
  const headerRows = headerRowsOf(source.layout);
  const harmonized = yield* harmonizeSteps(columns, labelled.rows, questions, {
    source: source.id,
    file,
    year: source.year,
    headerRows,
  });
  return {
    source,
    columns,
    cells,
    respondents: raw.rows.length,
    headerRows,
    repairedRows,
    questionColumns: questionColumns ?? columns.length,
    sample: sampled?.respondents,
    screening: sampled?.removed,
    ...harmonized,
    issues: [...decodeIssues, ...harmonized.issues],
  };
}
