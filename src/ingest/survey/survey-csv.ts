import { CensusError } from "../../errors.ts";
import type { CsvError } from "./csv-records.ts";

/** An export split into its two header rows and its answer rows (spreadsheet row = index + 3). */
export interface ExportTable {
  questions: string[];
  options: string[];
  rows: string[][];
  /**
   * A coded export's one-column (single-choice) questions: per position, every label its code frame
   * can hold — what the question offered that year, whether anyone chose it or not.
   */
  listed?: (string[] | undefined)[];
}

const OPTION_MARKERS = new Set(["Response", "Other (please specify)", "Open-Ended Response"]);

/**
 * The error for a CSV that cannot be split into records: an unterminated quote (a truncated file),
 * a ragged row. It names the file and line, since every later column would be misread.
 */
export function malformedCsv(e: CsvError, file: string): CensusError {
  return new CensusError(
    `${file}: not a well-formed CSV export near line ${e.line} (${e.message}). ` +
      `The file may be truncated or damaged: run \`kube-census fetch\` to restore the pinned copy.`,
  );
}

/**
 * Checks a two-header-row export's header rows (its first two records; trailing blank records are
 * not rows), so a missing one stops with the file and row instead of every answer being misread.
 */
export function checkHeaderRows(
  questions: string[] | undefined,
  options: string[] | undefined,
  file: string,
): { questions: string[]; options: string[] } {
  if (!questions)
    throw new CensusError(`${file}: the file holds no rows. Run \`kube-census fetch\` again.`);
  const markerIn = (row: string[]) => row.some((c) => OPTION_MARKERS.has(c.trim()));
  if (!questions[0]?.trim() || markerIn(questions))
    throw new CensusError(
      `${file}, row 1: expected the question header row (a question in column 1), found ` +
        `${JSON.stringify(questions.slice(0, 3))}. The question header row is missing: restore the file with \`kube-census fetch\`.`,
    );
  // Without a "Response"/"Other" marker (a layout with one column per option), an option row
  // still labels every column of every question; an answer row leaves some blank.
  const labelsAll = (row: string[]) =>
    questions.every((q, i) => !q.trim() || row[i]?.trim()) && row.every((c) => c.trim());
  // why: a marker alone is not enough: a 2019 respondent's answer can be "Other (please specify)",
  // so with row 2 gone the first answer row passed and 63,952 cells became issues. Every export
  // labels the first column of every question in its option row; an answer row leaves some blank.
  const unlabelled = questions.findIndex((q, i) => q.trim() !== "" && !options?.[i]?.trim());
  if (!options || unlabelled >= 0 || !(markerIn(options) || labelsAll(options)))
    throw new CensusError(
      `${file}, row 2: expected the option header row ("Response" / "Other (please specify)" ` +
        `labels, one under every question), found ${JSON.stringify((options ?? []).slice(0, 3))}` +
        (unlabelled >= 0
          ? `, with nothing under column ${unlabelled + 1}'s question ${JSON.stringify(questions[unlabelled]!.trim())}`
          : "") +
        `. The option header row is missing: restore the file with \`kube-census fetch\`.`,
    );
  return { questions, options };
}
