import { SAMPLING_DISCLOSURE } from "../survey/disclosure.ts";
import { quotedIdentifier, quotedString, type DuckDBConnection } from "@duckdb/node-api";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { openDatabase, queryRows, REBUILD } from "../db/open.ts";
import { databaseReadError } from "../db/database-file.ts";
import { databasePath } from "../paths.ts";
import { CensusError } from "../errors.ts";
import { computeFigure } from "../survey/compute.ts";
import { EXCLUDED_TABLES, EXPORT_TABLES, FIGURE_COLUMNS } from "./export-schema.ts";
import type { FigureDefinition } from "../survey/figure.ts";
import { notesText } from "../render/figure-csv.ts";
import { figures } from "../survey/registry.ts";
import { removeOnSignal, sweepStale } from "../temp-files.ts";
import { writeFailure } from "../write-failure.ts";
import type { CrosstabWeight } from "../survey/crosstab-weighting.ts";
import { computeExportWeights, WEIGHTS_COLUMNS, WEIGHTS_RELATION } from "./export-weights.ts";

/**
 * Marks a folder as written by `export`, listing exactly the files written with their size and
 * sha256: only a folder holding nothing else, each file still as written, is ever replaced, so a
 * user's own files — added, edited in place, or a folder given an export file's name — are never
 * deleted with it.
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
  /** Also write a `weights` table: every weightable year raked on its own (export-weights.ts). */
  weight?: CrosstabWeight;
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
  return writeExportFolder(opts.out, opts.databasePath, "writing the export", (out, tmp) =>
    exportInto(opts, out, tmp, started),
  );
}

/**
 * Writes an export's folder whole or not at all: `into` fills a temporary folder beside `out`
 * and moves it into place (only an earlier export left as written is replaced). Whatever fails
 * (a full disk, a read-only file system, a rename, a signal), no half export stays. `export`,
 * `export --labelled` and `tabs` all write through it; `earlier` names what an earlier folder
 * there is in the failure's sentence.
 */
export async function writeExportFolder<T>(
  outPath: string,
  database: string | undefined,
  what: string,
  into: (out: string, tmp: string) => Promise<T>,
  earlier = "an earlier export",
): Promise<T> {
  const out = resolve(outPath);
  await checkReplaceable(out);
  const tmp = `${out}.tmp-${process.pid}`;
  await sweepStale(out, ["tmp"]);
  const release = removeOnSignal(tmp);
  try {
    await rm(tmp, { recursive: true, force: true });
    return await into(out, tmp);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
    const file = database ?? databasePath;
    // DuckDB names the file it failed on: the database (damaged) or a file of the export.
    const reading = (e as Error)?.message?.includes(basename(file));
    throw (
      (reading ? databaseReadError(file, e, REBUILD) : undefined) ??
      writeFailure(e, out, what, `nothing was left behind and ${earlier} there, if any, is kept`) ??
      e
    );
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
  // The folder of --out may be missing (created); tmp itself without `recursive`, whose errors
  // hide the cause (Node reports ENOENT for a read-only file system).
  await mkdir(dirname(tmp), { recursive: true });
  await mkdir(tmp);
  const db = await openDatabase(opts.databasePath, { fileAccess: true });
  let files: ExportedFile[];
  try {
    // why: weighted first, so a target or variable that cannot weight stops before any writing
    const weighting = opts.weight && (await computeExportWeights(db.conn, opts.weight));
    files = await writeAll(db.conn, tmp, opts.format, log);
    if (weighting) {
      const file = await writePart(db.conn, tmp, opts.format, {
        table: "weights",
        description: `each respondent's weight: every year's published sample raked on its own to ${weighting.target} on ${weighting.by.join(" × ")} (the spec and each year's convergence: "weighting" below)`,
        relation: WEIGHTS_RELATION,
        describe: (c) => WEIGHTS_COLUMNS[c],
      });
      files.push(file);
      log(`wrote ${file.file}: ${file.rows.toLocaleString("en-US")} rows`);
    }
    // why: every interval an exported figure table carries needs the same caveat as on screen
    const schema = {
      format: opts.format,
      disclosure: SAMPLING_DISCLOSURE,
      files,
      excluded: EXCLUDED_TABLES,
      ...(weighting && { weighting }),
    };
    await writeFile(join(tmp, "schema.json"), `${JSON.stringify(schema, null, 2)}\n`);
    await writeManifest(tmp, "kube-census export");
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
        relation: t.orderBy
          ? `(SELECT * FROM ${quotedIdentifier(t.table)} ORDER BY ${t.orderBy})`
          : quotedIdentifier(t.table),
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
  // A list in CSV would be written `[a, b]`, ambiguous when an item holds a comma ("Yes,
  // evaluating"): CSV gets it as JSON text instead, and schema.json says so.
  const listInCsv = (c: { type: string }) => format === "csv" && c.type.endsWith("[]");
  const selected = columns.map((c) =>
    listInCsv(c)
      ? `to_json(${quotedIdentifier(c.name)})::VARCHAR AS ${quotedIdentifier(c.name)}`
      : exported(c, format),
  );
  for (const c of columns) if (listInCsv(c)) c.type = "JSON";
  const file = `${part.table}.${format}`;
  const select = `SELECT ${selected.join(", ")} FROM ${part.relation}`;
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

/** A file as the manifest records it, to tell later whether it is still the one export wrote. */
export interface ManifestFile {
  name: string;
  bytes: number;
  sha256: string;
}

/**
 * Writes EXPORT_MANIFEST into a finished temporary folder: every file in it (name order) with its
 * size and sha256, read back from disk, so the manifest lists exactly what was written.
 */
export async function writeManifest(dir: string, writtenBy: string): Promise<void> {
  const files: ManifestFile[] = [];
  for (const name of (await readdir(dir)).sort())
    files.push({ name, ...(await fingerprint(join(dir, name))) });
  await writeFile(join(dir, EXPORT_MANIFEST), `${JSON.stringify({ writtenBy, files }, null, 2)}\n`);
}

export async function fingerprint(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest("hex") };
}

/**
 * The files a manifest lists: `{name, bytes, sha256}` entries, or bare names (manifests written
 * before the fingerprints, whose files can only be checked to be files).
 */
function manifestFiles(manifest: { files?: unknown }): Map<string, ManifestFile | undefined> {
  const files = manifest.files;
  if (!Array.isArray(files)) throw new Error("no list of files");
  const listed = new Map<string, ManifestFile | undefined>();
  for (const f of files) {
    if (typeof f === "string") listed.set(f, undefined);
    else if (
      f &&
      typeof f.name === "string" &&
      typeof f.bytes === "number" &&
      typeof f.sha256 === "string"
    )
      listed.set(f.name, f as ManifestFile);
    else throw new Error("a file entry is neither a name nor {name, bytes, sha256}");
  }
  return listed;
}

/**
 * Refuses to replace anything but an empty directory or an earlier export holding only the files
 * its manifest lists, each a regular file still as written (some may have been deleted since;
 * none added, edited or replaced by a folder of the same name). Also refuses a mount point, which
 * cannot be replaced as a whole.
 */
export async function checkReplaceable(out: string): Promise<void> {
  let entries: string[];
  try {
    const info = await stat(out);
    if (!info.isDirectory()) throw new CensusError(`${out} is a file; --out needs a directory.`);
    if (info.dev !== (await stat(dirname(out))).dev)
      throw new CensusError(
        `${out} is a mount point: export writes a new folder beside it and swaps the two, which a mount point cannot be. ` +
          `Choose a folder inside it, such as ${join(out, "kube-census-export")}.`,
      );
    entries = await readdir(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    if (e instanceof CensusError) throw e;
    throw new CensusError(
      `${out}: cannot look at the --out folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). ` +
        `Check its permissions, or choose another --out.`,
    );
  }
  if (entries.length === 0) return;
  const choose = "choose another --out, or move those files away.";
  if (!entries.includes(EXPORT_MANIFEST))
    throw new CensusError(
      `${out} exists and is not an earlier export (no ${EXPORT_MANIFEST}); it holds ${listed(entries)}: ${choose}`,
    );
  let written: Map<string, ManifestFile | undefined>;
  try {
    written = manifestFiles(
      JSON.parse(await readFile(join(out, EXPORT_MANIFEST), "utf8")) as { files?: unknown },
    );
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
  const changed: string[] = [];
  for (const name of entries) {
    if (name === EXPORT_MANIFEST) continue;
    const path = join(out, name);
    const info = await lstat(path);
    if (!info.isFile()) {
      const kind = info.isDirectory()
        ? "a folder"
        : info.isSymbolicLink()
          ? "a link"
          : "not a file";
      changed.push(`${JSON.stringify(name)} (${kind}, where export wrote a file)`);
      continue;
    }
    const expected = written.get(name);
    if (!expected) continue;
    if (info.size !== expected.bytes) {
      changed.push(`${JSON.stringify(name)} (${info.size} bytes, export wrote ${expected.bytes})`);
      continue;
    }
    if ((await fingerprint(path)).sha256 !== expected.sha256)
      changed.push(`${JSON.stringify(name)} (edited since export wrote it)`);
  }
  if (changed.length)
    throw new CensusError(
      `${out} holds files that are not as an earlier export wrote them: ${changed.slice(0, 5).join(", ")}` +
        `${changed.length > 5 ? ` and ${changed.length - 5} more` : ""}; replacing it would delete them: ${choose}`,
    );
}

const listed = (names: string[]) =>
  names
    .slice(0, 5)
    .map((n) => JSON.stringify(n))
    .join(", ") + (names.length > 5 ? ` and ${names.length - 5} more` : "");

/** Moves the finished export into place; the previous one is removed only after that succeeded. */
export async function replaceDirectory(tmp: string, out: string): Promise<void> {
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
