import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { databasePathState, identifyDatabaseFile, notOurs } from "../db/database-file.ts";
import { CensusError } from "../errors.ts";

const ELSEWHERE =
  "ingest replaces only a kube-census database, so it stops and leaves the file as it is: " +
  "move it away, or set KUBE_CENSUS_DB to another path";

/**
 * Checks that `ingest` may put a database at `path`: nothing there (its folder is created if
 * missing), an empty file, or a kube-census database (marked, or from before the mark). A user's
 * own DuckDB, a text file, a file DuckDB cannot read or one another process is writing is refused
 * with what was found: replacing it would destroy something that is not ours. Run before the build
 * (to fail at once) and again just before the rename (the path may have changed meanwhile).
 */
export async function checkIngestTarget(
  path: string,
  log: (line: string) => void = () => {},
): Promise<void> {
  const state = await databasePathState(path);
  if (state === "empty") return;
  if (state === "missing") {
    const folder = dirname(path);
    try {
      const created = await mkdir(folder, { recursive: true });
      if (created) log(`created folder ${folder} for the database`);
    } catch (recursive) {
      // A recursive mkdir reports ENOENT for a read-only file system; one level says why.
      const e = await mkdir(folder).then(
        () => recursive,
        (e: unknown) => e,
      );
      const code = (e as NodeJS.ErrnoException).code;
      throw new CensusError(
        `${path}: its folder ${folder} does not exist and cannot be created (${code ?? (e as Error).message}). ` +
          `Create it, or set KUBE_CENSUS_DB to a path in a writable folder.`,
      );
    }
    return;
  }
  const identity = await identifyDatabaseFile(path, `${capital(ELSEWHERE)}.`);
  if (identity.kind === "other") throw notOurs(path, identity, `${capital(ELSEWHERE)}.`);
}

const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);
