import { CensusError } from "../../errors.ts";
import type { SurveySource } from "../../sources/sources.ts";

/** What the codebook maps of one export: its question columns, and how many of them it maps. */
export interface Coverage {
  questionColumns: number;
  mapped: number;
}

/**
 * Refuses a respondent-level export whose question columns the codebook maps below `threshold`
 * (data/surveys/coverage.yml). why: a year the codebook does not know maps nothing, and a copy of
 * the 2022 export pinned as the next year ingested with 0 answers and no word; every real export maps at
 * least 97% of its question columns.
 */
export function checkCoverage(source: SurveySource, found: Coverage, threshold: number): void {
  const share = found.questionColumns === 0 ? 0 : found.mapped / found.questionColumns;
  if (share >= threshold) return;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  throw new CensusError(
    `${source.file} (${source.id}): the codebook maps ${found.mapped} of its ${found.questionColumns} question columns for ${source.year} ` +
      `(coverage ${pct(share)}), below the ${pct(threshold)} data/surveys/coverage.yml requires. ` +
      `Map the year in data/codebook/*.yml (a ${source.year}: entry under each question's years, with the export's question text), ` +
      `or check that data/surveys/${source.id}.yml gives the right year.`,
  );
}
