import type { DuckDBConnection } from "@duckdb/node-api";
import type { LandscapeSource, MomentumSource, SurveySource } from "../sources/sources.ts";
import type { Question } from "./codebook/codebook.ts";
import {
  checkIssueRate,
  checkLandscapeRate,
  checkShape,
  checkUnchanged,
  readChecked,
  type RawFile,
} from "./ingest-guards.ts";
import type { IngestIssue } from "./ingest-issue.ts";
import { parseLandscape } from "./landscape/landscape.ts";
import { insertLandscapeItems } from "./landscape/landscape-table.ts";
import { parseMomentum } from "./momentum/momentum.ts";
import { insertMomentumRows } from "./momentum/momentum-table.ts";
import type { CodeFrame } from "./survey/code-frame.ts";
import { checkCoverage } from "./survey/coverage-guard.ts";
import { loadSummaryWorkbook } from "./survey/load-marginals.ts";
import { streamSurvey } from "./survey/survey.ts";
import { openSurveyTables } from "./survey/survey-tables.ts";

export interface SourceSummary {
  id: string;
  rows: number;
  issues: number;
  status: "loaded" | "skipped";
  note?: string;
}

/** What every source's loader needs besides its raw file. */
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
  source: SurveySource | LandscapeSource | MomentumSource,
  raw: RawFile,
  ctx: LoadContext,
): Promise<LoadedSource> {
  const loaded = (rows: number, issues: IngestIssue[], detail: string): LoadedSource => ({
    summary: { id: source.id, rows, issues: issues.length, status: "loaded" },
    issues,
    detail: `${detail}, ${issues.length} issues`,
  });
  if (source.kind === "landscape") {
    const bytes = await readChecked(raw, source);
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
    const bytes = await readChecked(raw, source);
    const parsed = parseMomentum(bytes.toString("utf8"), {
      source: source.id,
      file: source.file,
      snapshot: source.snapshot,
    });
    checkLandscapeRate(source, parsed.issues, parsed.entries, ctx.maxIssueRate);
    await insertMomentumRows(conn, parsed.rows);
    return loaded(
      parsed.rows.length,
      parsed.issues,
      `${parsed.rows.length} items with GitHub facts`,
    );
  }
  if (source.layout === "xlsx-summary") {
    const bytes = await readChecked(raw, source);
    const read = await loadSummaryWorkbook(conn, source, bytes, ctx.questions, ctx.maxIssueRate);
    return loaded(
      read.respondents,
      read.issues,
      `${read.marginals} marginals of ${read.respondents} respondents`,
    );
  }
  const frame = source.frame ? ctx.frames?.get(source.frame) : undefined;
  // The rows go to the database as the export is read; the guards run once it is all read, and
  // a refused export fails the whole build (its temporary database is removed).
  const tables = await openSurveyTables(conn, source);
  try {
    const { summary: survey, sha256 } = await streamSurvey(
      raw.path,
      source,
      ctx.questions,
      { frame },
      tables.sink,
    );
    checkUnchanged(raw, source, sha256);
    checkShape(source, { respondents: survey.respondents, columns: survey.columns.length });
    checkCoverage(
      source,
      { questionColumns: survey.questionColumns, mapped: survey.questionOf.size },
      ctx.minCoverage,
    );
    checkIssueRate(source, survey.issues, survey.mappedCells, ctx.maxIssueRate);
    await tables.finish(survey);
    return loaded(survey.respondents, survey.issues, `${survey.respondents} respondents`);
  } catch (e) {
    tables.abort();
    throw e;
  }
}
