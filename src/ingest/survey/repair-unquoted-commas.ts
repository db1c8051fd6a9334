import type { Steps } from "../../paced.ts";
import type { ExportTable } from "./survey-csv.ts";

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
export function* rejoinUnquotedCommas(table: ExportTable): Steps<number> {
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
