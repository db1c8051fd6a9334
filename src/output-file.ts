import { rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CensusError } from "./errors.ts";
import { removeOnSignal, sweepStale } from "./temp-files.ts";
import { writeFailure } from "./write-failure.ts";

/**
 * A file a command writes at the user's request (`figure --svg <file>`, `--png <file>`): checked before any work
 * is done, then written whole or not at all.
 */

/** "regular" (write beside it and rename), "stream" (a device or pipe such as /dev/stdout: write into it). */
type Target = "regular" | "stream";

/** Refuses a path that names a directory or lies in a missing folder, naming the flag and what to do. */
export async function checkOutputFile(
  path: string,
  flag: string,
  example: string,
): Promise<Target> {
  try {
    const info = await stat(path);
    if (info.isDirectory())
      throw new CensusError(
        `${flag} ${path}: that is a directory; give a file name, such as ${join(path, example)}.`,
      );
    return info.isFile() ? "regular" : "stream";
  } catch (e) {
    if (e instanceof CensusError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR")
      throw new CensusError(
        `${flag} ${path}: cannot look at that path (${code ?? (e as Error).message}). Check its folder's permissions.`,
      );
  }
  const folder = dirname(path);
  let info;
  try {
    info = await stat(folder);
  } catch {
    throw new CensusError(
      `${flag} ${path}: the folder ${folder} does not exist. Create it first, or choose a path in an existing folder.`,
    );
  }
  if (!info.isDirectory())
    throw new CensusError(
      `${flag} ${path}: ${folder} is a file, not a folder. Choose a path in an existing folder.`,
    );
  return "regular";
}

/**
 * Writes `data` to a temporary file beside `path` and renames it into place, so a full disk or an
 * interrupt leaves the previous file (or nothing) rather than half an SVG or PNG; a device or pipe is
 * written directly. A file-system failure becomes a sentence naming the path.
 */
export async function writeOutputFile(
  path: string,
  data: string | Uint8Array,
  flag: string,
  example: string,
): Promise<void> {
  const target = await checkOutputFile(path, flag, example);
  const kept = "no file was written there";
  if (target === "stream") {
    try {
      await writeFile(path, data);
    } catch (e) {
      throw writeFailure(e, path, `writing ${flag}`, kept) ?? e;
    }
    return;
  }
  const tmp = join(dirname(path), `${basename(path)}.tmp-${process.pid}`);
  await sweepStale(path, ["tmp"]);
  const release = removeOnSignal(tmp);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw writeFailure(e, path, `writing ${flag}`, kept) ?? e;
  } finally {
    release();
  }
}
