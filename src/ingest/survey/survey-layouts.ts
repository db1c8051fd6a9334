import type { SurveySource } from "../../sources/sources.ts";
import type { SURVEY_REPAIRS } from "../../sources/survey-file.ts";
import type { ExportTable } from "./survey-csv.ts";
import type { Steps } from "../../paced.ts";
import { rejoinUnquotedCommas } from "./repair-unquoted-commas.ts";
import { CODED_HEADER_ROWS } from "./coded-export.ts";

/** A named repair of layout damage, run before columns are read; returns how many rows it touched. */
type Repair = (table: ExportTable) => Steps<number>;

/**
 * The repairs a survey file may name (data/surveys/<id>.yml `repairs`). unquoted-commas finds what
 * to repair by structure, so it may be named for any labelled CSV: it finds nothing in 2019 and
 * 1H 2020 (their repaired_rows are 0).
 */
export const REPAIRS: Record<(typeof SURVEY_REPAIRS)[number], Repair> = {
  "unquoted-commas": rejoinUnquotedCommas,
};

/** Spreadsheet rows above the first respondent in each respondent-level layout. */
export function headerRowsOf(layout: SurveySource["layout"]): number {
  return layout === "csv-coded" ? CODED_HEADER_ROWS : 2;
}
