// Whether dist-cli/ holds a compile of the sources as they are now. Plain JavaScript, Node's own
// modules only: bin/kube-census.js reads it at every start, before tsx or esbuild could load.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** The folder the compiled CLI lives in, under the project root. */
export const DIST = "dist-cli";
/** Written last by the compile: the entry and the sha256 of every source file it was built from. */
export const STAMP = "stamp.json";

/**
 * sha256 of one file, or null when it cannot be read (deleted, renamed).
 * @param {string} path
 * @returns {string | null}
 */
export function fileHash(path) {
  try {
    return createHash("sha256").update(readFileSync(path)).digest("hex");
  } catch {
    return null;
  }
}

/** @typedef {{ sha256: string | null; size: number; mtimeMs: number }} InputRecord */

/**
 * What the stamp records of one input: its content hash, and its size and mtime to skip hashing.
 * @param {string} path
 * @returns {InputRecord}
 */
export function inputRecord(path) {
  const { size, mtimeMs } = statSync(path);
  return { sha256: fileHash(path), size, mtimeMs };
}

/**
 * Whether a file is the one the stamp recorded: the same size and mtime (a stat, no read), or
 * else the same content (a checkout that rewrote a file unchanged keeps the compile).
 * @param {string} path
 * @param {InputRecord} record
 */
function unchanged(path, record) {
  try {
    const { size, mtimeMs } = statSync(path);
    if (size === record.size && mtimeMs === record.mtimeMs) return true;
  } catch {
    return false;
  }
  return fileHash(path) === record.sha256;
}

/**
 * The compiled entry to import when dist-cli/ was built from exactly the source files as they are
 * now ({ entry }), or why not ({ stale }): no compile, or the first input that changed. The inputs
 * are the files esbuild reports (134): a stat each when untouched, about 2 ms, where hashing them
 * all cost about 30 ms of a 500 ms start. A new file can only join the CLI through an import, that
 * is an edit to a file already listed.
 * @param {string} root
 * @returns {{ entry: string; stale?: undefined } | { stale: string; entry?: undefined }}
 */
export function compiledEntry(root) {
  const dist = join(root, DIST);
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(dist, STAMP), "utf8"));
  } catch {
    return { stale: `${DIST}/ has no compile (npm run compile)` };
  }
  for (const [file, record] of Object.entries(stamp.inputs ?? {}))
    if (!unchanged(join(root, file), record))
      return { stale: `${file} changed since ${DIST}/ was compiled (npm run compile)` };
  if (typeof stamp.entry !== "string") return { stale: `${DIST}/${STAMP} names no entry` };
  return { entry: join(dist, stamp.entry) };
}
