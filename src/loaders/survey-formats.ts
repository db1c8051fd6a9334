import type { SurveySource } from "./sources.ts";
import type { SurveyEncoding } from "./survey-decode.ts";
import type { ExportTable } from "./survey-csv.ts";

/** What differs between the yearly export layouts, so one loader reads them all. */
export interface SurveyFormat {
  encoding: SurveyEncoding;
  /** Repairs layout damage before columns are read; returns how many rows it touched. */
  repair?: (table: ExportTable) => number;
  /** A coded export (numbers in cells, three header rows) read through the reference model's code frame. */
  coded?: boolean;
}

/**
 * 2018: the option "Integration with 3rd-party Load-Balancer (e.g., hardware load-balancer)" was
 * written without quotes, so its comma splits it into two cells — in the option header row and in
 * every answer row that selected it. Rows that did not select it therefore sit one column left of
 * the header from there on. Joining the split cell back (and padding the row) realigns everything.
 */
const SPLIT_HEAD = "Integration with 3rd-party Load-Balancer (e.g.";
const SPLIT_TAIL = " hardware load-balancer)";

function joinSplitCell(row: string[]): boolean {
  const at = row.indexOf(SPLIT_HEAD);
  if (at < 0 || row[at + 1] !== SPLIT_TAIL) return false;
  row.splice(at, 2, `${SPLIT_HEAD},${SPLIT_TAIL}`);
  row.push("");
  return true;
}

function repair2018(table: ExportTable): number {
  if (!joinSplitCell(table.options)) return 0;
  let repaired = 0;
  for (const row of table.rows) if (joinSplitCell(row)) repaired++;
  return repaired;
}

const formats: Record<SurveySource["format"], SurveyFormat | undefined> = {
  "csv-2018": { encoding: "utf-8", repair: repair2018 },
  "csv-2019": { encoding: "utf-8" },
  // Declared Windows-1252 in the survey notes, but the bytes are Mac Roman: 0xCA is the
  // non-breaking space in "How\xCAoften", 0xD5 the closing quote in "\xD4hosted platform\xD5".
  "csv-1h2020": { encoding: "macintosh" },
  "xlsx-2021": undefined,
  // One byte that matters (0x96, an en dash); cells hold codes of the reference model.
  "csv-2022": { encoding: "windows-1252", coded: true },
};

/** The reader for a source's format, or undefined when that format is not supported yet. */
export function surveyFormat(format: SurveySource["format"]): SurveyFormat | undefined {
  return formats[format];
}
