import type { DuckDBConnection } from "@duckdb/node-api";
import { appendRows } from "../../db/append.ts";
import type { SurveySource } from "../../sources/sources.ts";
import type { Question } from "../codebook/codebook.ts";
import { checkIssueRate, checkShape } from "../ingest-guards.ts";
import type { IngestIssue } from "../ingest-issue.ts";
import { harmonizeMarginals } from "./marginals-harmonize.ts";
import { writeMarginals } from "./marginals-table.ts";
import { readMarginals2021 } from "./survey-2021.ts";

/**
 * Loads one 2021 summary workbook: summary tables, not respondent rows, so its published
 * marginals go to a table of their own, and the wave is recorded as a survey source whose
 * respondents are the wave's Answered. Its shape and issue rate are guarded like an export's.
 */
export async function loadMarginals2021(
  conn: DuckDBConnection,
  source: SurveySource,
  bytes: Buffer,
  questions: Question[],
  maxIssueRate?: number,
): Promise<{ respondents: number; marginals: number; issues: IngestIssue[] }> {
  const read = await readMarginals2021(bytes, source);
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
      source.period ?? `${source.year} wave ${wave}`,
      source.file,
      read.respondents,
      read.sheets,
      0,
      read.respondents,
    ],
  ]);
  const issues = [...read.issues, ...placed.issues];
  checkIssueRate(source, issues, read.marginals.length, maxIssueRate);
  return { respondents: read.respondents, marginals: read.marginals.length, issues };
}
