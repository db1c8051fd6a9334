import { DuckDBInstance } from "@duckdb/node-api";
import { rename, rm, stat } from "node:fs/promises";
import { appendRows } from "../db/append.ts";
import { loadBookFacts } from "./book/book-facts.ts";
import { loadCodeFrame, type CodeFrame } from "./survey/code-frame.ts";
import { loadCodebook, type Question } from "./codebook/codebook.ts";
import { checkRaw, type RawFile } from "./ingest-guards.ts";
import { loadSource, type SourceSummary } from "./load-source.ts";
import type { IngestIssue } from "./ingest-issue.ts";
import { createLandscapeTable } from "./landscape/landscape-table.ts";
import { createMomentumTables } from "./momentum/momentum-table.ts";
import { writeRepoBreaks } from "./momentum/repo-breaks.ts";
import type { Source } from "../sources/sources.ts";
import { readCoverageThreshold } from "../sources/survey-file.ts";
import { dataDir } from "../paths.ts";
import { removeOnSignal, sweepStale } from "../temp-files.ts";
import {
  FILL_ANSWERS,
  MARGINALS_SCHEMA,
  META_SCHEMA,
  ROUTING_SCHEMA,
  SURVEY_SCHEMA,
} from "../db/schema.ts";
import { detectRouting, writeRoutingTable } from "./survey/routing.ts";
import { writeCodebook } from "./codebook/codebook-table.ts";
import { writeQuestionBreaks } from "./survey/question-breaks.ts";
import { askedYears, routingBreaks, surveyNames } from "./survey/routing-breaks.ts";
import { checkIngestTarget } from "./ingest-target.ts";
import { IDENTITY_SCHEMA } from "../db/identity.ts";
import { writeFailure } from "../write-failure.ts";

export interface IngestOptions {
  sources: Source[];
  rawDir: string;
  databasePath: string;
  codebookDir?: string;
  /** The codebook itself, instead of reading codebookDir (tests load a subset). */
  questions?: Question[];
  bookDir?: string;
  /** Issues above this share of a source's non-empty mapped cells stop the ingest (default 1%). */
  maxIssueRate?: number;
  /** A respondent-level export's least codebook coverage (default: data/surveys/coverage.yml). */
  minCoverage?: number;
  log?: (line: string) => void;
}
export interface IngestSummary {
  sources: SourceSummary[];
  tables: Record<string, number>;
  issues: number;
  seconds: number;
  bytes: number;
}

/**
 * DuckDB's memory during the ingest; beyond it, the large aggregations (routing, question breaks
 * over every answer) spill to `<tmp>.spill` beside the database. why: uncapped, DuckDB's default is
 * 80% of the machine's memory, and at 50× the 2018 and 2019 exports it kept ~1 GB of the answers'
 * blocks and hash tables after the survey rows themselves streamed in at ~280 MB.
 */
const INGEST_MEMORY_LIMIT = "400MB";

/**
 * Builds the whole database in a temporary file and renames it into place only once every
 * source has loaded, so a failed or interrupted ingest leaves the last good database untouched.
 */
export async function ingest(opts: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const questions: Question[] = opts.questions ?? (await loadCodebook(opts.codebookDir));
  // Each coded source names its own frame (data/surveys/<id>.yml); each is read once.
  const frames = new Map<string, CodeFrame>();
  for (const s of opts.sources)
    if (s.kind === "survey" && s.frame && !frames.has(s.frame))
      frames.set(s.frame, await loadCodeFrame(s.frame));
  const minCoverage = opts.minCoverage ?? readCoverageThreshold(dataDir);
  // Every raw file is read and checked against its sha256 before anything is built (and again
  // when it is loaded: it is not kept in memory in between).
  const raw = new Map<string, RawFile>();
  for (const source of opts.sources) raw.set(source.id, await checkRaw(opts.rawDir, source));
  await checkIngestTarget(opts.databasePath, log);
  const tmp = `${opts.databasePath}.tmp-${process.pid}`;
  await sweepStale(opts.databasePath, ["tmp"]);
  const release = removeOnSignal(tmp, `${tmp}.wal`, `${tmp}.spill`);
  const removeTmp = async () => {
    await rm(tmp, { force: true });
    await rm(`${tmp}.wal`, { force: true });
    await rm(`${tmp}.spill`, { recursive: true, force: true });
  };
  try {
    await removeTmp();
    return await build(opts, questions, { frames, minCoverage }, raw, tmp, log, started);
  } catch (e) {
    await removeTmp().catch(() => {});
    throw (
      writeFailure(
        e,
        opts.databasePath,
        "writing the new database",
        `nothing was left behind and the last good database, if any, is kept`,
      ) ?? e
    );
  } finally {
    release();
  }
}

async function build(
  opts: IngestOptions,
  questions: Question[],
  guards: { frames: Map<string, CodeFrame>; minCoverage: number },
  raw: Map<string, RawFile>,
  tmp: string,
  log: (line: string) => void,
  started: number,
): Promise<IngestSummary> {
  const instance = await DuckDBInstance.create(tmp, {
    memory_limit: INGEST_MEMORY_LIMIT,
    temp_directory: `${tmp}.spill`,
  });
  const conn = await instance.connect();
  const summaries: SourceSummary[] = [];
  const issues: IngestIssue[] = [];
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    conn.closeSync();
    instance.closeSync();
  };
  try {
    await conn.run(
      IDENTITY_SCHEMA + META_SCHEMA + SURVEY_SCHEMA + MARGINALS_SCHEMA + ROUTING_SCHEMA,
    );
    await createLandscapeTable(conn);
    await createMomentumTables(conn);
    await writeCodebook(conn, questions);
    for (const source of opts.sources) {
      if (source.kind === "document") continue;
      const t = performance.now();
      const loaded = await loadSource(conn, source, raw.get(source.id)!, {
        questions,
        ...guards,
        maxIssueRate: opts.maxIssueRate,
      });
      issues.push(...loaded.issues);
      summaries.push(loaded.summary);
      log(
        loaded.summary.status === "loaded"
          ? `loaded  ${source.id}: ${loaded.detail} (${Math.round(performance.now() - t)} ms)`
          : `skipped ${source.id}: ${loaded.detail}`,
      );
    }
    await conn.run(FILL_ANSWERS);
    // Routing is read from the harmonised answers, so it waits until every survey has loaded.
    const t = performance.now();
    const routing = await detectRouting(conn);
    await writeRoutingTable(conn, routing);
    log(
      `detected routing: ${routing.length} lists asked only after a filter question (${Math.round(performance.now() - t)} ms)`,
    );
    // A repository change is found by comparing snapshots, so it waits until all have loaded.
    log(`detected repository changes: ${await writeRepoBreaks(conn)} in the momentum series`);
    const labels = new Map(questions.map((q) => [q.id, q.label]));
    const names = await surveyNames(conn);
    await writeQuestionBreaks(conn, routingBreaks(routing, await askedYears(conn), labels, names));
    const book = await loadBookFacts(conn, opts.bookDir);
    log(
      `loaded  book facts: ${book.stack} stack rows, ${book.platforms} platforms, ${book.claims} published claims`,
    );
    await appendRows(
      conn,
      "ingest_issues",
      issues.map((i) => [i.source, i.file, i.row, i.column, i.value, i.reason]),
    );
    const loaded = new Map(summaries.map((s) => [s.id, s]));
    for (const s of opts.sources)
      await conn.run(
        `INSERT INTO sources VALUES ($id, $kind, $year, $snapshot, $file, $url, $commit, $sha, $bytes, $license, $loaded, $note)`,
        {
          id: s.id,
          kind: s.kind,
          year: s.kind === "survey" ? s.year : null,
          snapshot: s.kind === "landscape" || s.kind === "landscape-processed" ? s.snapshot : null,
          file: s.file,
          url: s.url,
          commit: s.commit,
          // What was read, not what the manifest pins (they match unless s is an unpinned fixture).
          sha: raw.get(s.id)!.sha256,
          bytes: raw.get(s.id)!.bytes,
          license: s.license,
          loaded: loaded.get(s.id)?.status === "loaded",
          note: loaded.get(s.id)?.note ?? null,
        },
      );
    const seconds = (performance.now() - started) / 1000;
    await conn.run(`INSERT INTO ingest_runs (seconds, issues) VALUES ($s, $i)`, {
      s: seconds,
      i: issues.length,
    });
    const tables = await countTables(conn);
    await conn.run("CHECKPOINT");
    close();
    await rm(`${tmp}.spill`, { recursive: true, force: true });
    // The path may have changed during the build: still replace only what is ours.
    await checkIngestTarget(opts.databasePath);
    await rename(tmp, opts.databasePath);
    await rm(`${opts.databasePath}.wal`, { force: true });
    const bytes = (await stat(opts.databasePath)).size;
    return {
      sources: summaries,
      tables,
      issues: issues.length,
      seconds: (performance.now() - started) / 1000,
      bytes,
    };
  } finally {
    // After a failed write DuckDB may fail to close too; the first error is the one to report.
    try {
      close();
    } catch {}
  }
}

async function countTables(
  conn: import("@duckdb/node-api").DuckDBConnection,
): Promise<Record<string, number>> {
  const names = (
    await conn.runAndReadAll(`SELECT table_name FROM duckdb_tables() ORDER BY table_name`)
  ).getRowObjectsJS();
  const counts: Record<string, number> = {};
  for (const { table_name } of names) {
    const name = String(table_name);
    const r = await conn.runAndReadAll(
      `SELECT count(*)::INTEGER AS n FROM "${name.replace(/"/g, '""')}"`,
    );
    counts[name] = Number(r.getRowObjectsJS()[0]!.n);
  }
  return counts;
}
