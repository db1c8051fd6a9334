import type { SurveySource } from "../../sources/sources.ts";
import type { SurveyEncoding } from "./survey-decode.ts";
import type { ExportTable } from "./survey-csv.ts";
import type { Steps } from "../../paced.ts";

/** What differs between the yearly export layouts, so one loader reads them all. */
export interface SurveyFormat {
  encoding: SurveyEncoding;
  /** Repairs layout damage before columns are read, pausing between rows; returns how many rows it touched. */
  repair?: (table: ExportTable) => Steps<number>;
  /** A coded export (numbers in cells, three header rows) read through the reference model's code frame. */
  coded?: boolean;
}

/**
 * An unquoted comma in a header: 2018 exported the option "Integration with 3rd-party
 * Load-Balancer (e.g., hardware load-balancer)" without quotes, so it fills two cells — in the
 * option header row and in every answer row that selected it — and rows that did not select it
 * sit one column left of the header from there on. Found by its structure, not its text: a header
 * cell that opens a parenthesis it does not close, followed by one that closes it.
 */
const depth = (text: string) =>
  [...text].reduce((d, c) => d + (c === "(" ? 1 : c === ")" ? -1 : 0), 0);

/** The header cells split by an unquoted comma, as [head, tail] texts. */
export function splitHeaders(options: string[]): [string, string][] {
  const splits: [string, string][] = [];
  for (let k = 0; k + 1 < options.length; k++)
    if (
      depth(options[k]!) > 0 &&
      depth(options[k + 1]!) < 0 &&
      depth(options[k]! + options[k + 1]!) === 0
    )
      splits.push([options[k]!, options[k + 1]!]);
  return splits;
}

/** Joins a split cell [head, tail] back wherever a row holds it, padding the row to keep its width. */
function joinSplitCell(row: string[], [head, tail]: [string, string]): boolean {
  let joined = false;
  for (
    let at = row.indexOf(head);
    at >= 0 && row[at + 1] === tail;
    at = row.indexOf(head, at + 1)
  ) {
    row.splice(at, 2, `${head},${tail}`);
    row.push("");
    joined = true;
  }
  return joined;
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

/** Rejoins what unquoted commas split, in the headers and in every row; returns the rows touched. */
function* rejoinUnquotedCommas(table: ExportTable): Steps<number> {
  const splits = splitHeaders(table.options);
  for (const split of splits) joinSplitCell(table.options, split);
  let repaired = 0;
  for (const row of table.rows) {
    let touched = false;
    for (const split of splits) touched = joinSplitCell(row, split) || touched;
    if (joinTypedTails(row, table.options) || touched) repaired++;
    yield;
  }
  return repaired;
}

const formats: Record<SurveySource["format"], SurveyFormat | undefined> = {
  // Every CSV layout gets the unquoted-comma repair: it finds what to repair by structure, and
  // finds nothing in 2019 and 1H 2020 (their repaired_rows are 0).
  "csv-2018": { encoding: "utf-8", repair: rejoinUnquotedCommas },
  "csv-2019": { encoding: "utf-8", repair: rejoinUnquotedCommas },
  // Declared Windows-1252 in the survey notes, but the bytes are Mac Roman: 0xCA is the
  // non-breaking space in "How\xCAoften", 0xD5 the closing quote in "\xD4hosted platform\xD5".
  "csv-1h2020": { encoding: "macintosh", repair: rejoinUnquotedCommas },
  "xlsx-2021": undefined,
  // One byte that matters (0x96, an en dash); cells hold codes of the reference model.
  "csv-2022": { encoding: "windows-1252", coded: true },
};

/** The reader for a source's format, or undefined when that format is not supported yet. */
export function surveyFormat(format: SurveySource["format"]): SurveyFormat | undefined {
  return formats[format];
}
