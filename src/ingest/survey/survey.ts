import type { CodeFrame } from "./code-frame.ts";
import type { Question } from "../codebook/codebook.ts";
import type { IngestIssue } from "../ingest-issue.ts";
import { sample2022, type RespondentSample, type ScreeningCount } from "./sample-2022.ts";
import { parseExportSteps, type ExportTable } from "./survey-csv.ts";
import { CODED_HEADER_ROWS, readCodedExport } from "./survey-2022.ts";
import { decodeExport } from "./survey-decode.ts";
import { describeColumns, type SurveyColumn } from "./survey-columns.ts";
import { surveyFormat } from "./survey-formats.ts";
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
  /** Screening and collector per respondent, where the export allows it (2022); else everyone is in the sample. */
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
  const format = surveyFormat(source.format);
  if (!format) throw new CensusError(`${file}: the ${source.format} format has no reader yet.`);
  const text = decodeExport(bytes, format.encoding, file);
  let raw: ExportTable;
  let labelled: ExportTable;
  let decodeIssues: IngestIssue[] = [];
  let sampled: ReturnType<typeof sample2022> | undefined;
  if (format.coded) {
    if (!opts.frame) throw new CensusError(`${file}: a coded export needs its code frame.`);
    const coded = readCodedExport(text, opts.frame, { source: source.id, file });
    ({ raw, labelled } = coded);
    decodeIssues = coded.issues;
    sampled = sample2022(coded, opts.frame, file);
  } else {
    raw = labelled = yield* parseExportSteps(text, file);
  }
  yield;
  const repairedRows = format.repair ? yield* format.repair(raw) : 0;
  const columns = describeColumns(labelled);
  const cells: [number, number, string][] = [];
  for (const [i, row] of raw.rows.entries()) {
    row.forEach((value, position) => value.trim() !== "" && cells.push([i + 1, position, value]));
    yield;
  }
  const headerRows = format.coded ? CODED_HEADER_ROWS : 2;
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
    sample: sampled?.respondents,
    screening: sampled?.removed,
    ...harmonized,
    issues: [...decodeIssues, ...harmonized.issues],
  };
}
