import type { DuckDBConnection } from "@duckdb/node-api";
import { appendRows } from "../../db/append.ts";
import type { SurveySource } from "../../sources/sources.ts";
import type { Question } from "../codebook/codebook.ts";
import { checkIssueRate, checkShape } from "../ingest-guards.ts";
import type { IngestIssue } from "../ingest-issue.ts";
import { harmonizeMarginals } from "./marginals-harmonize.ts";
import { writeMarginals } from "./marginals-table.ts";
import { readSummaryWorkbook } from "./summary-workbook.ts";

/**
 * Loads one summary workbook (layout xlsx-summary, 2021's two waves): summary tables, not respondent rows, so its published
 * marginals go to a table of their own, and the wave is recorded as a survey source whose
 * respondents are the wave's Answered. Its shape and issue rate are guarded like an export's.
 */
export async function loadSummaryWorkbook(
  conn: DuckDBConnection,
  source: SurveySource,
  bytes: Buffer,
  questions: Question[],
  maxIssueRate?: number,
): Promise<{ respondents: number; marginals: number; issues: IngestIssue[] }> {
  const read = await readSummaryWorkbook(bytes, source);
  checkShape(source, { respondents: read.respondents, sheets: read.sheets });
  const wave = read.marginals[0]?.wave ?? 1;
  const placed = harmonizeMarginals(read.marginals, questions, {
    source: source.id,
    file: source.file,
    wave,
    year: source.year,
  });
  await writeMarginals(conn, read.marginals, placed.harmonised, source.year);
  await appendRows(conn, "survey_sources", [
    [
      source.id,
      source.year,
      source.label,
      source.file,
      read.respondents,
      read.sheets,
      0,
      read.respondents,
      source.reference_date?.date ?? null,
    ],
  ]);
  const issues = [...read.issues, ...placed.issues];
  checkIssueRate(source, issues, read.marginals.length, maxIssueRate);
  return { respondents: read.respondents, marginals: read.marginals.length, issues };
}
