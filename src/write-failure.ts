import { CensusError } from "./errors.ts";

/**
 * A file-system failure while writing (a full disk, a read-only file system, a missing folder…)
 * as a sentence naming the path, the cause and what to do: Node reports these as error codes,
 * DuckDB as text inside its own messages ("IO Error: Could not write file …: No space left on
 * device"), so both are read.
 */
const CAUSES: { code: string; text: RegExp; cause: string; todo: string }[] = [
  {
    code: "ENOSPC",
    text: /No space left on device/i,
    cause: "the disk is full",
    todo: "free some space on that disk, or write to another one",
  },
  {
    code: "EDQUOT",
    text: /Disk quota exceeded/i,
    cause: "the disk quota is used up",
    todo: "free some space, or write to another disk",
  },
  {
    code: "EROFS",
    text: /Read-only file system/i,
    cause: "the file system is read-only",
    todo: "write to a folder on a writable disk",
  },
  {
    code: "EACCES",
    text: /Permission denied/i,
    cause: "permission denied",
    todo: "check the folder's permissions, or write somewhere else",
  },
  {
    code: "EPERM",
    text: /Operation not permitted/i,
    cause: "the operation is not permitted",
    todo: "check the folder's permissions, or write somewhere else",
  },
  {
    code: "ENOENT",
    text: /No such file or directory/i,
    cause: "its folder does not exist",
    todo: "create the folder, or choose a path in an existing one",
  },
  {
    code: "ENOTDIR",
    text: /Not a directory/i,
    cause: "a part of the path is a file, not a folder",
    todo: "choose a path whose folders are folders",
  },
  {
    code: "EISDIR",
    text: /Is a directory/i,
    cause: "it is a directory",
    todo: "give a file name, not a folder",
  },
  {
    code: "EBUSY",
    text: /Device or resource busy/i,
    cause: "it is in use (a mount point cannot be replaced)",
    todo: "choose a path inside it, or another one",
  },
];

/**
 * The sentence for a failed write to `path` ("<path>: <what> failed: <cause>. <todo>; <kept>."),
 * or undefined when the error is not a file-system failure (a bug keeps its stack).
 */
export function writeFailure(
  e: unknown,
  path: string,
  what: string,
  kept: string,
): CensusError | undefined {
  if (e instanceof CensusError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  const message = (e as Error)?.message ?? String(e);
  const known = CAUSES.find((c) => c.code === code || c.text.test(message));
  if (!known) return undefined;
  return new CensusError(
    `${path}: ${what} failed: ${known.cause}. ${capital(known.todo)}; ${kept}.`,
  );
}

const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);
