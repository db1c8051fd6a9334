import { DuckDBInstance } from "@duckdb/node-api";
import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import { CensusError } from "../errors.ts";
import { describeTables, identify, type Identity } from "./identity.ts";

/**
 * What lies at a database path, told as sentences: readers and `ingest` both look before they
 * open or replace anything, so a directory, an empty or damaged file, a text file or another
 * program's DuckDB gets a message naming the path, the cause and what to do — not a stack trace.
 */
export type PathState = "missing" | "empty" | "file";

const INGEST = "`kube-census ingest`";

/**
 * Stats the path: a missing file (its folder present or not), an empty file or a regular file;
 * anything else (a directory, a FIFO, a device) is refused.
 */
export async function databasePathState(path: string): Promise<PathState> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return "missing";
    if (code === "ENOTDIR")
      throw new CensusError(
        `${path}: a part of this path is a file, not a folder. Set KUBE_CENSUS_DB to a path in an existing folder (default data/census.duckdb).`,
      );
    throw new CensusError(
      `${path}: cannot look at the database path (${code ?? (e as Error).message}). Check the permissions of ${dirname(path)}.`,
    );
  }
  if (info.isDirectory())
    throw new CensusError(
      `${path} is a directory, not a database file. Set KUBE_CENSUS_DB to a file path (such as ${path}/census.duckdb), ` +
        `or move the directory away and run ${INGEST}.`,
    );
  if (!info.isFile())
    throw new CensusError(
      `${path} is not a regular file (a FIFO, socket or device), so it cannot be a database. ` +
        `Set KUBE_CENSUS_DB to another path, or remove it and run ${INGEST}.`,
    );
  return info.size === 0 ? "empty" : "file";
}

/** The process DuckDB names as holding a file's write lock ("… held in /usr/bin/node (PID 123)"). */
const LOCK = /Conflicting lock is held in (.*?) \(PID (\d+)\)/;

/**
 * DuckDB's failure to open or read a database file, as a sentence about the file: locked by a
 * writer, not a DuckDB file, truncated, unreadable. Returns undefined for anything else.
 */
export function databaseReadError(path: string, e: unknown, todo: string): CensusError | undefined {
  if (e instanceof CensusError) return e;
  const message = (e as Error)?.message ?? String(e);
  const lock = LOCK.exec(message);
  if (lock)
    return new CensusError(
      `${path} is open for writing by another process (PID ${lock[2]}, ${lock[1]}), which locks it. ` +
        `Wait for that process to finish, or close the program holding it, then try again.`,
    );
  if (/not a valid DuckDB database file/.test(message))
    return new CensusError(
      `${path} is not a DuckDB database (a text file, or a file damaged at its start). ${todo}`,
    );
  if (/Could not read enough bytes|Could not read from file|Corrupt|checksum/i.test(message))
    return new CensusError(
      `${path} is truncated or damaged: DuckDB could not read it (${firstLine(message)}). ${todo}`,
    );
  if (/Permission denied/.test(message))
    return new CensusError(
      `${path} cannot be read (permission denied). Check its permissions, or set KUBE_CENSUS_DB to a database you can read.`,
    );
  if (/Serialization Error|version number|storage version/i.test(message))
    return new CensusError(
      `${path} was written by another version of DuckDB that this one cannot read (${firstLine(message)}). ${todo}`,
    );
  return undefined;
}

const firstLine = (s: string) => s.split("\n")[0]!.replace(/^IO Error: /, "");

/**
 * Opens `path` read-only just long enough to say what database it is; a file DuckDB cannot open
 * throws the sentence of databaseReadError (with `todo`), or DuckDB's own error.
 */
export async function identifyDatabaseFile(path: string, todo: string): Promise<Identity> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, {
      access_mode: "READ_ONLY",
      enable_external_access: "false",
    });
  } catch (e) {
    throw databaseReadError(path, e, todo) ?? e;
  }
  try {
    const conn = await instance.connect();
    try {
      return await identify(conn);
    } finally {
      conn.closeSync();
    }
  } catch (e) {
    throw databaseReadError(path, e, todo) ?? e;
  } finally {
    instance.closeSync();
  }
}

/** The sentence for a DuckDB database that another program wrote. */
export function notOurs(path: string, identity: { tables: string[] }, todo: string): CensusError {
  return new CensusError(
    `${path} is a DuckDB database but not a kube-census database (it holds ${describeTables(identity.tables)}). ${todo}`,
  );
}
