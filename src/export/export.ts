import { quotedIdentifier, quotedString, type DuckDBConnection } from "@duckdb/node-api";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { openDatabase, queryRows } from "../db/open.ts";
import { CensusError } from "../errors.ts";
import { computeFigure } from "../survey/compute.ts";
import { EXCLUDED_TABLES, EXPORT_TABLES, FIGURE_COLUMNS } from "./export-schema.ts";
import type { FigureDefinition } from "../survey/figure.ts";
import { notesText } from "../render/figure-csv.ts";
import { figures } from "../survey/registry.ts";
import { removeOnSignal, sweepStale } from "../temp-files.ts";

/**
 * Marks a folder as written by `export`, listing exactly the files written: only a folder holding
 * nothing else is ever replaced, so a user's own files are never deleted with it.
 */
export const EXPORT_MANIFEST = ".kube-census-export.json";

export const EXPORT_FORMATS = ["parquet", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: ExportFormat;
  /** Directory to (re)place; created if missing. */
  out: string;
  /** Defaults to the project's database. */
  databasePath?: string;
  log?: (line: string) => void;
}

export interface ExportedFile {
  file: string;
  table: string;
  description: string;
  rows: number;
  columns: { name: string; type: string; description: string }[];
}

export interface ExportSummary {
  out: string;
  files: ExportedFile[];
  bytes: number;
  seconds: number;
}

/** What one output file holds: a relation of the database and how to describe its columns. */
interface Part {
  table: string;
  description: string;
  relation: string;
  describe: (column: string) => string | undefined;
}

const COPY_OPTIONS: Record<ExportFormat, string> = {
  parquet: "FORMAT parquet",
  csv: "FORMAT csv, HEADER",
};

// Typed like FigureRow, so every figure file has the same column types whatever its rows.
const FIGURE_TABLE = `
CREATE OR REPLACE TEMP TABLE figure_rows (year INTEGER, segment VARCHAR, category VARCHAR, n INTEGER,
  count INTEGER, share DOUBLE, ci_low DOUBLE, ci_high DOUBLE, source VARCHAR, sample VARCHAR, notes VARCHAR)`;

// respondent_profile has one column per single-choice question: the codebook describes them.
const PROFILE_COLUMNS_SQL = `SELECT id, label FROM codebook_questions WHERE type = 'single'`;

/**
 * Writes the publishable tables, every figure and a schema.json into a fresh directory that
 * replaces `out` only once everything is written; free text never leaves the database.
 */
export async function exportCensus(opts: ExportOptions): Promise<ExportSummary> {
  const started = performance.now();
  const out = resolve(opts.out);
  await checkReplaceable(out);
  const tmp = `${out}.tmp-${process.pid}`;
  await sweepStale(out, ["tmp"]);
  await rm(tmp, { recursive: true, force: true });
  const release = removeOnSignal(tmp);
  try {
    return await exportInto(opts, out, tmp, started);
  } finally {
    release();
  }
}

async function exportInto(
  opts: ExportOptions,
  out: string,
  tmp: string,
  started: number,
): Promise<ExportSummary> {
  const log = opts.log ?? (() => {});
  await mkdir(tmp, { recursive: true });
  const db = await openDatabase(opts.databasePath, { fileAccess: true });
  let files: ExportedFile[];
  try {
    files = await writeAll(db.conn, tmp, opts.format, log);
    const schema = { format: opts.format, files, excluded: EXCLUDED_TABLES };
    await writeFile(join(tmp, "schema.json"), `${JSON.stringify(schema, null, 2)}\n`);
    const manifest = { writtenBy: "kube-census export", files: await readdir(tmp) };
    await writeFile(join(tmp, EXPORT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    db.close();
  }
  await replaceDirectory(tmp, out);
  let bytes = 0;
  for (const name of await readdir(out)) bytes += (await stat(join(out, name))).size;
  return { out, files, bytes, seconds: (performance.now() - started) / 1000 };
}

async function writeAll(
  conn: DuckDBConnection,
  dir: string,
  format: ExportFormat,
  log: (line: string) => void,
): Promise<ExportedFile[]> {
  const profile = new Map(
    (await queryRows(conn, PROFILE_COLUMNS_SQL)).map((q) => [
      String(q.id),
      `answer to "${q.label}" (codebook question ${q.id}): its canonical option, null when not answered`,
    ]),
  );
  const files: ExportedFile[] = [];
  const written = (f: ExportedFile) => {
    files.push(f);
    log(`wrote ${f.file}: ${f.rows.toLocaleString("en-US")} rows`);
  };
  for (const t of EXPORT_TABLES) {
    const describe = (c: string) =>
      t.columns[c] ?? (t.table === "respondent_profile" ? profile.get(c) : undefined);
    written(
      await writePart(conn, dir, format, {
        ...t,
        relation: quotedIdentifier(t.table),
        describe,
      }),
    );
  }
  await conn.run(FIGURE_TABLE);
  for (const figure of figures) written(await writeFigure(conn, dir, format, figure));
  return files;
}

async function writeFigure(
  conn: DuckDBConnection,
  dir: string,
  format: ExportFormat,
  figure: FigureDefinition,
): Promise<ExportedFile> {
  const { rows } = await computeFigure(conn, figure, { split: true });
  await conn.run("DELETE FROM temp.figure_rows");
  const appender = await conn.createAppender("figure_rows", "main", "temp");
  try {
    for (const r of rows) {
      appender.appendInteger(r.year);
      appender.appendVarchar(r.segment);
      appender.appendVarchar(r.category);
      for (const v of [r.n, r.count])
        if (v === null) appender.appendNull();
        else appender.appendInteger(v);
      for (const v of [r.share, r.ci_low, r.ci_high])
        if (v === null) appender.appendNull();
        else appender.appendDouble(v);
      appender.appendVarchar(r.source);
      appender.appendVarchar(r.sample);
      appender.appendVarchar(notesText(r));
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return writePart(conn, dir, format, {
    table: `figure_${figure.id.replace(/-/g, "_")}`,
    description: `${figure.title} (${figure.book}); universe: ${figure.universe}`,
    relation: "temp.figure_rows",
    describe: (c) => FIGURE_COLUMNS[c],
  });
}

/**
 * A column as it is written. In CSV, a text cell that a spreadsheet would run as a formula (=, +,
 * -, @, tab, CR first) gets a leading apostrophe, as every other CSV of kube-census does
 * (src/render/output.ts); numbers and Parquet are written as they are.
 */
function exported(column: { name: string; type: string }, format: ExportFormat): string {
  const name = quotedIdentifier(column.name);
  if (format !== "csv" || column.type !== "VARCHAR") return name;
  return `CASE WHEN regexp_matches(${name}, '^[-=+@\t\r]') THEN '''' || ${name} ELSE ${name} END AS ${name}`;
}

/** Copies the described columns of one relation to `<dir>/<table>.<format>`. */
async function writePart(
  conn: DuckDBConnection,
  dir: string,
  format: ExportFormat,
  part: Part,
): Promise<ExportedFile> {
  const columns = (await queryRows(conn, `DESCRIBE SELECT * FROM ${part.relation}`)).map((c) => {
    const name = String(c.column_name);
    const description = part.describe(name);
    // An undescribed column has not been checked for free text, so it is not exported blindly.
    if (description === undefined)
      throw new CensusError(
        `${part.table}.${name} has no description in src/export/export-schema.ts: describe it there ` +
          `(and make sure it holds no free text) before it can be exported.`,
      );
    return { name, type: String(c.column_type), description };
  });
  const file = `${part.table}.${format}`;
  const select = `SELECT ${columns.map((c) => exported(c, format)).join(", ")} FROM ${part.relation}`;
  const result = await conn.run(
    `COPY (${select}) TO ${quotedString(join(dir, file))} (${COPY_OPTIONS[format]})`,
  );
  return {
    file,
    table: part.table,
    description: part.description,
    rows: Number(result.rowsChanged),
    columns,
  };
}

/**
 * Refuses to replace anything but an empty directory or an earlier export holding only the files
 * its manifest lists (some may have been deleted since; none added).
 */
async function checkReplaceable(out: string): Promise<void> {
  let entries: string[];
  try {
    if (!(await stat(out)).isDirectory())
      throw new CensusError(`${out} is a file; --out needs a directory.`);
    entries = await readdir(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  if (entries.length === 0) return;
  const choose = "choose another --out, or move those files away.";
  if (!entries.includes(EXPORT_MANIFEST))
    throw new CensusError(
      `${out} exists and is not an earlier export (no ${EXPORT_MANIFEST}); it holds ${listed(entries)}: ${choose}`,
    );
  let written: Set<string>;
  try {
    const manifest = JSON.parse(await readFile(join(out, EXPORT_MANIFEST), "utf8")) as {
      files?: unknown;
    };
    if (!Array.isArray(manifest.files) || !manifest.files.every((f) => typeof f === "string"))
      throw new Error("no list of files");
    written = new Set(manifest.files as string[]);
  } catch (e) {
    throw new CensusError(
      `${join(out, EXPORT_MANIFEST)}: not a kube-census export manifest (${(e as Error).message}); nothing was replaced: ${choose}`,
    );
  }
  const unexpected = entries.filter((f) => f !== EXPORT_MANIFEST && !written.has(f));
  if (unexpected.length)
    throw new CensusError(
      `${out} holds files an earlier export did not write (${listed(unexpected)}); replacing it would delete them: ${choose}`,
    );
}

const listed = (names: string[]) =>
  names
    .slice(0, 5)
    .map((n) => JSON.stringify(n))
    .join(", ") + (names.length > 5 ? ` and ${names.length - 5} more` : "");

/** Moves the finished export into place; the previous one is removed only after that succeeded. */
async function replaceDirectory(tmp: string, out: string): Promise<void> {
  const old = `${out}.old-${process.pid}`;
  await rm(old, { recursive: true, force: true });
  let hadOld = true;
  try {
    await rename(out, old);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    hadOld = false;
  }
  try {
    await rename(tmp, out);
  } catch (e) {
    if (hadOld) await rename(old, out);
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  await rm(old, { recursive: true, force: true });
}
