import type { DuckDBConnection } from "@duckdb/node-api";
import type { LandscapeSource, SurveySource } from "../sources/sources.ts";
import type { Question } from "./codebook/codebook.ts";
import { checkIssueRate, checkLandscapeRate, checkShape } from "./ingest-guards.ts";
import type { IngestIssue } from "./ingest-issue.ts";
import { parseLandscape } from "./landscape/landscape.ts";
import { insertLandscapeItems } from "./landscape/landscape-table.ts";
import type { CodeFrame } from "./survey/code-frame.ts";
import { checkCoverage } from "./survey/coverage-guard.ts";
import { loadSummaryWorkbook } from "./survey/load-marginals.ts";
import { loadSurveyPaced } from "./survey/survey.ts";
import { writeSurvey } from "./survey/survey-tables.ts";

export interface SourceSummary {
  id: string;
  rows: number;
  issues: number;
  status: "loaded" | "skipped";
  note?: string;
}

/** What every source's loader needs besides its bytes. */
export interface LoadContext {
  questions: Question[];
  /** Code frames by path (a coded source's `frame`), read once per ingest. */
  frames?: Map<string, CodeFrame>;
  maxIssueRate?: number;
  /** A respondent-level export's least codebook coverage (data/surveys/coverage.yml). */
  minCoverage: number;
}

export interface LoadedSource {
  summary: SourceSummary;
  issues: IngestIssue[];
  /** What was loaded, in words, for the progress line. */
  detail: string;
}

/**
 * Loads one checked raw file into its tables: a respondent-level export (after its shape and
 * issue-rate and codebook-coverage guards), a summary workbook, or a landscape snapshot.
 */
export async function loadSource(
  conn: DuckDBConnection,
  source: SurveySource | LandscapeSource,
  bytes: Buffer,
  ctx: LoadContext,
): Promise<LoadedSource> {
  const loaded = (rows: number, issues: IngestIssue[], detail: string): LoadedSource => ({
    summary: { id: source.id, rows, issues: issues.length, status: "loaded" },
    issues,
    detail: `${detail}, ${issues.length} issues`,
  });
  if (source.kind === "landscape") {
    const parsed = parseLandscape(bytes.toString("utf8"), {
      source: source.id,
      file: source.file,
      snapshot: source.snapshot,
    });
    checkLandscapeRate(source, parsed.issues, parsed.entries, ctx.maxIssueRate);
    await insertLandscapeItems(conn, parsed.items);
    return loaded(parsed.items.length, parsed.issues, `${parsed.items.length} items`);
  }
  if (source.layout === "xlsx-summary") {
    const read = await loadSummaryWorkbook(conn, source, bytes, ctx.questions, ctx.maxIssueRate);
    return loaded(
      read.respondents,
      read.issues,
      `${read.marginals} marginals of ${read.respondents} respondents`,
    );
  }
  const frame = source.frame ? ctx.frames?.get(source.frame) : undefined;
  const survey = await loadSurveyPaced(bytes, source, ctx.questions, { frame });
  checkShape(source, { respondents: survey.respondents, columns: survey.columns.length });
  checkCoverage(
    source,
    { questionColumns: survey.questionColumns, mapped: survey.questionOf.size },
    ctx.minCoverage,
  );
  checkIssueRate(source, survey.issues, survey.mappedCells, ctx.maxIssueRate);
  await writeSurvey(conn, survey);
  return loaded(survey.respondents, survey.issues, `${survey.respondents} respondents`);
}
