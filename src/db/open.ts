import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { rmSync } from "node:fs";
import { access } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CensusError } from "../errors.ts";
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
const SIZE = /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

function sizeFromEnv(name: string, fallback: string): string {
  const value = process.env[name]?.trim() || fallback;
  if (!SIZE.test(value))
    throw new CensusError(
      `${name}=${value}: not a size; write it as DuckDB does, e.g. 2GB or 512MB.`,
    );
  return value;
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
  return {
    memory: sizeFromEnv("KUBE_CENSUS_MEMORY_LIMIT", "2GB"),
    spill: sizeFromEnv("KUBE_CENSUS_SPILL_LIMIT", "4GB"),
  };
}

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
  try {
    await access(path);
  } catch {
    throw new CensusError(
      `${path}: no database yet. Run \`kube-census fetch && kube-census ingest\` (or \`npm run build\`).`,
    );
  }
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
    throw e;
  }
  const conn = await instance.connect();
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
  const reader = await conn.runAndReadAll(sql, params as never);
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row))
      out[k] = typeof v === "bigint" && Number.isSafeInteger(Number(v)) ? Number(v) : v;
    return out;
  });
}
