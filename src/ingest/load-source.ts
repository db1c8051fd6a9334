import type { DuckDBConnection } from "@duckdb/node-api";
import type { LandscapeSource, MomentumSource, SurveySource } from "../sources/sources.ts";
import type { Question } from "./codebook/codebook.ts";
import { checkIssueRate, checkLandscapeRate, checkShape } from "./ingest-guards.ts";
import type { IngestIssue } from "./ingest-issue.ts";
import { parseLandscape } from "./landscape/landscape.ts";
import { insertLandscapeItems } from "./landscape/landscape-table.ts";
import { parseMomentum } from "./momentum/momentum.ts";
import { insertMomentumRows } from "./momentum/momentum-table.ts";
import type { CodeFrame } from "./survey/code-frame.ts";
import { loadMarginals2021 } from "./survey/load-marginals.ts";
import { loadSurveyPaced } from "./survey/survey.ts";
import { surveyFormat } from "./survey/survey-formats.ts";
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
  frame?: CodeFrame;
  maxIssueRate?: number;
}

export interface LoadedSource {
  summary: SourceSummary;
  issues: IngestIssue[];
  /** What was loaded, in words, for the progress line. */
  detail: string;
}

/**
 * Loads one checked raw file into its tables: a respondent-level export (after its shape and
 * issue-rate guards), a 2021 summary workbook, or a landscape snapshot. A survey format without
 * a reader is skipped, and says so.
 */
export async function loadSource(
  conn: DuckDBConnection,
  source: SurveySource | LandscapeSource | MomentumSource,
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
  if (source.kind === "landscape-processed") {
    const parsed = parseMomentum(bytes.toString("utf8"), {
      source: source.id,
      file: source.file,
      snapshot: source.snapshot,
    });
    checkLandscapeRate(source, parsed.issues, parsed.entries, ctx.maxIssueRate);
    await insertMomentumRows(conn, parsed.rows);
    return loaded(parsed.rows.length, parsed.issues, `${parsed.rows.length} items with GitHub facts`);
  }
  if (source.format === "xlsx-2021") {
    const read = await loadMarginals2021(conn, source, bytes, ctx.questions, ctx.maxIssueRate);
    return loaded(
      read.respondents,
      read.issues,
      `${read.marginals} marginals of ${read.respondents} respondents`,
    );
  }
  if (!surveyFormat(source.format))
    return {
      summary: {
        id: source.id,
        rows: 0,
        issues: 0,
        status: "skipped",
        note: `${source.format} has no reader yet`,
      },
      issues: [],
      detail: `the ${source.format} format has no reader yet`,
    };
  const survey = await loadSurveyPaced(bytes, source, ctx.questions, { frame: ctx.frame });
  checkShape(source, { respondents: survey.respondents, columns: survey.columns.length });
  checkIssueRate(source, survey.issues, survey.mappedCells, ctx.maxIssueRate);
  await writeSurvey(conn, survey);
  return loaded(survey.respondents, survey.issues, `${survey.respondents} respondents`);
}
