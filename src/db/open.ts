import { DuckDBInstance, type DuckDBConnection, type DuckDBResultReader } from "@duckdb/node-api";
import { existsSync, rmSync, statfsSync } from "node:fs";
import { access } from "node:fs/promises";
import { tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { CensusError } from "../errors.ts";
import { databasePathState, databaseReadError, notOurs } from "./database-file.ts";
import { identify, SCHEMA_VERSION } from "./identity.ts";
import { removeOnSignal, sweepStale } from "../temp-files.ts";
import { databasePath } from "../paths.ts";

export interface Database {
  conn: DuckDBConnection;
  close(): void;
}

export interface OpenOptions {
  /** Let queries read and write other files (COPY … TO, for `export`); off by default. */
  fileAccess?: boolean;
}

/** DuckDB's size syntax, checked here so a typo names the variable rather than failing in DuckDB. */
const SIZE = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;
const UNIT: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12 };

/** Bytes of a DuckDB size (KB = 1000 bytes, KiB = 1024, as DuckDB reads them). */
export function sizeBytes(size: string): number {
  const [, amount, unit] = SIZE.exec(size)!;
  const binary = /i/i.test(unit!);
  const power = "kmgt".indexOf(unit![0]!.toLowerCase()) + 1;
  return Number(amount) * (binary ? 1024 ** power : UNIT[unit![0]!.toLowerCase()]!);
}

/** A readable size for messages: 25.3 GB. */
const readable = (bytes: number) =>
  bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.floor(bytes / 1e6)} MB`;

/**
 * Below this, DuckDB cannot read the census at all: a 16 MB cap failed `figure fig-2-4` with its
 * out-of-memory text, 0 failed every query; 32 MB runs every command.
 */
export const MIN_MEMORY = "32MB";

function sizeFromEnv(
  name: string,
  fallback: string,
  min: string,
  max: number,
  why: string,
): string {
  const value = process.env[name]?.trim() || fallback;
  if (!SIZE.test(value))
    throw new CensusError(
      `${name}=${value}: not a size; write it as DuckDB does, e.g. 2GB or 512MB.`,
    );
  const bytes = sizeBytes(value);
  if (bytes < sizeBytes(min) || bytes > max)
    throw new CensusError(
      `${name}=${value}: out of bounds; it must be from ${min} to ${readable(max)} (${why}).`,
    );
  return value;
}

/** Free bytes on the disk of the system's temp folder, where queries spill. */
function freeSpill(): number {
  try {
    const s = statfsSync(tmpdir());
    return s.bavail * s.bsize;
  } catch {
    return Infinity;
  }
}

/**
 * Where a reader's DuckDB spills, one folder per open database in the system's temp folder (named
 * for the process, so a folder left by a killed process is swept by the next open).
 */
const SPILL = join(tmpdir(), "kube-census-spill");
let opened = 0;

/**
 * The limits every reader runs under: without them one read-only query (a cross join in `sql`)
 * took 20 GB of memory and 24 GB of spill that nobody removed.
 */
export function resourceLimits(): { memory: string; spill: string } {
  const free = freeSpill();
  // why: the default must not fill a nearly full disk holding the user's files either
  const spillDefault =
    sizeBytes("4GB") <= free / 2 ? "4GB" : `${Math.max(0, Math.floor(free / 2 / 1e6))}MB`;
  return {
    memory: sizeFromEnv(
      "KUBE_CENSUS_MEMORY_LIMIT",
      "2GB",
      MIN_MEMORY,
      totalmem(),
      "the least DuckDB reads the census with, and this machine's memory",
    ),
    spill: sizeFromEnv(
      "KUBE_CENSUS_SPILL_LIMIT",
      spillDefault,
      "0MB",
      free,
      `at most the free space on the disk of ${tmpdir()}`,
    ),
  };
}

/** What to do with a database file DuckDB cannot read. */
export const REBUILD =
  "Move it away (ingest replaces only a file it can tell is a kube-census database) and run `kube-census ingest`.";
const NOT_OURS =
  "Set KUBE_CENSUS_DB to the kube-census database (default data/census.duckdb), or run `kube-census ingest` " +
  "with KUBE_CENSUS_DB set to a new path to build one (ingest never replaces another program's database).";

/**
 * Opens the census database read-only and, unless `fileAccess` is set, without access to other
 * files, so queries (including a user's own SQL) can neither change it nor read or write anything
 * else on disk; memory and spill are capped, the spill folder is removed on close (or on Ctrl-C),
 * and the configuration is locked so a query cannot lift any of this.
 */
export async function openDatabase(
  path = databasePath,
  { fileAccess = false }: OpenOptions = {},
): Promise<Database> {
  const state = await databasePathState(path);
  if (state === "missing")
    throw new CensusError(
      existsSync(dirname(path))
        ? `${path}: no database yet. Run \`kube-census fetch && kube-census ingest\` (or \`npm run build\`).`
        : `${path}: no database, and its folder ${dirname(path)} does not exist. Run \`kube-census fetch && kube-census ingest\` ` +
            `(ingest creates the folder), or set KUBE_CENSUS_DB to the database's path.`,
    );
  if (state === "empty")
    throw new CensusError(
      `${path} is an empty file (0 bytes), not a database. Run \`kube-census ingest\` to build it there.`,
    );
  const limits = resourceLimits();
  await sweepStale(SPILL, ["tmp"]);
  const spill = `${SPILL}.tmp-${process.pid}-${++opened}`;
  const release = removeOnSignal(spill);
  const removeSpill = () => {
    rmSync(spill, { recursive: true, force: true });
    release();
  };
  let instance: DuckDBInstance;
  try {
    // Order matters: DuckDB refuses a temp_directory once external access is off.
    instance = await DuckDBInstance.create(path, {
      access_mode: "READ_ONLY",
      memory_limit: limits.memory,
      max_temp_directory_size: limits.spill,
      temp_directory: spill,
      ...(fileAccess ? {} : { enable_external_access: "false" }),
      lock_configuration: "true",
    });
  } catch (e) {
    removeSpill();
    throw databaseReadError(path, e, REBUILD) ?? e;
  }
  const conn = await instance.connect();
  try {
    const identity = await identify(conn);
    if (identity.kind === "other") throw notOurs(path, identity, NOT_OURS);
    if (identity.kind === "census" && identity.version > SCHEMA_VERSION)
      throw new CensusError(
        `${path} was written by a newer kube-census (database schema ${identity.version}; this one reads ${SCHEMA_VERSION}). ` +
          `Update kube-census, or run \`kube-census ingest\` with this one to rebuild it.`,
      );
    // why: a database from before the mark lacks the tables this version reads (question_breaks,
    // survey_offered): a query would fail with a bare catalog error; ingest may replace it
    if (identity.kind === "unmarked census" || identity.version < SCHEMA_VERSION)
      throw new CensusError(
        `${path} was written by an older kube-census (before database schema ${SCHEMA_VERSION}): ` +
          `run \`kube-census ingest\` to rebuild it (ingest replaces it; nothing of yours is in it).`,
      );
  } catch (e) {
    conn.closeSync();
    instance.closeSync();
    removeSpill();
    throw databaseReadError(path, e, REBUILD) ?? e;
  }
  return {
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
      removeSpill();
    },
  };
}

/** Runs a query and returns plain JS rows (BIGINT becomes number when it fits). */
export async function queryRows(
  conn: DuckDBConnection,
  sql: string,
  params?: Record<string, unknown>,
): Promise<Record<string, unknown>[]> {
  return plainRows(await conn.runAndReadAll(sql, params as never));
}

/** A result's rows as plain JS objects (BIGINT becomes number when it fits). */
export function plainRows(reader: DuckDBResultReader): Record<string, unknown>[] {
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row))
      out[k] = typeof v === "bigint" && Number.isSafeInteger(Number(v)) ? Number(v) : v;
    return out;
  });
}
