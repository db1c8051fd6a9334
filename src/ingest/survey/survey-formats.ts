import type { SurveySource } from "../../sources/sources.ts";
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

/** A typed-answer column: its text was written unquoted too. */
const TYPED = /^(other\b.*\(please specify\)|open-ended response)$/i;
/** What a typed answer's comma leaves in the next cell: its tail, starting with a space or ")". */
const TAIL = /^( |\)$)/;

/**
 * 2018, again: eight respondents typed a comma into an "Other" or open box, which split their
 * answer the same way and shifted the rest of their row right. A cell that starts like a tail,
 * right after a filled typed-answer cell, is joined back to it (and the row padded), so the
 * row's later answers land under their own headers again.
 */
function joinTypedTails(row: string[], options: string[]): boolean {
  let joined = false;
  for (let k = 1; k < row.length; k++)
    if (TYPED.test(options[k - 1]?.trim() ?? "") && row[k - 1] && TAIL.test(row[k]!)) {
      row.splice(k - 1, 2, `${row[k - 1]},${row[k]}`);
      row.push("");
      joined = true;
      k--;
    }
  return joined;
}

function repair2018(table: ExportTable): number {
  if (!joinSplitCell(table.options)) return 0;
  let repaired = 0;
  for (const row of table.rows) {
    const split = joinSplitCell(row);
    if (joinTypedTails(row, table.options) || split) repaired++;
  }
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
