import type { Question } from "./codebook.ts";
import { parseExport } from "./survey-csv.ts";
import { decodeExport } from "./survey-decode.ts";
import { describeColumns, type SurveyColumn } from "./survey-columns.ts";
import { surveyFormat } from "./survey-formats.ts";
import { harmonize, type Harmonized } from "./survey-harmonize.ts";
import { CensusError } from "../errors.ts";
import type { SurveySource } from "./sources.ts";

export interface LoadedSurvey extends Harmonized {
  source: SurveySource;
  columns: SurveyColumn[];
  /** Every non-empty cell as [respondent, position, value]: the export in long form, nothing dropped. */
  cells: [number, number, string][];
  respondents: number;
  /** Rows whose layout damage was repaired (2018's split cell). */
  repairedRows: number;
}

/** Reads one survey export: decode, parse, repair, describe columns, harmonise through the codebook. */
export function loadSurvey(
  bytes: Uint8Array,
  source: SurveySource,
  questions: Question[],
  file = source.file,
): LoadedSurvey {
  const format = surveyFormat(source.format);
  if (!format) throw new CensusError(`${file}: the ${source.format} format has no reader yet.`);
  const table = parseExport(decodeExport(bytes, format.encoding, file), file);
  const repairedRows = format.repair?.(table) ?? 0;
  const columns = describeColumns(table);
  const cells: [number, number, string][] = [];
  table.rows.forEach((row, i) =>
    row.forEach((value, position) => value.trim() !== "" && cells.push([i + 1, position, value])),
  );
  const harmonized = harmonize(columns, table.rows, questions, {
    source: source.id,
    file,
    year: source.year,
  });
  return { source, columns, cells, respondents: table.rows.length, repairedRows, ...harmonized };
}
