import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CensusError } from "../errors.ts";
import type { Source } from "./sources.ts";
import { removeOnSignal, sweepStale } from "../temp-files.ts";

export type FetchOrigin = "cached" | "mirror" | "network";
export interface FetchResult {
  id: string;
  path: string;
  origin: FetchOrigin;
  bytes: number;
}
export interface FetchOptions {
  rawDir: string;
  /** Folders holding a copy of the sources, tried in order (KUBE_CENSUS_MIRROR, colon-separated). */
  mirrors: string[];
  /** Set to false to never touch the network (tests). */
  network?: boolean;
  log?: (line: string) => void;
  fetchImpl?: typeof fetch;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * Reads a regular file, or returns undefined when there is none. Anything else at that path (a
 * folder, a FIFO that would block the read forever) stops with the path named.
 */
async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile())
      throw new CensusError(
        `${path} is ${info.isDirectory() ? "a directory" : "not a regular file (a FIFO, socket or device)"}: remove it or point elsewhere.`,
      );
    return await readFile(path);
  } catch (e) {
    if (e instanceof CensusError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new CensusError(`${path}: cannot read (${code ?? (e as Error).message}).`);
  }
}

/** Writes beside the target and renames, so a reader never sees half a file. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (e) {
    throw new CensusError(
      `${dirname(path)}: cannot create the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
    );
  }
  await sweepStale(path, ["partial"]);
  const tmp = `${path}.${process.pid}.partial`;
  const release = removeOnSignal(tmp);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    // ENOSPC, EACCES, EISDIR (a folder where the file goes): say where.
    const code = (e as NodeJS.ErrnoException).code;
    throw new CensusError(
      `${path}: cannot write the fetched file (${code ?? (e as Error).message}). Free space or fix that path, then fetch again.`,
    );
  } finally {
    await rm(tmp, { force: true });
    release();
  }
}

function mismatch(source: Source, where: string, bytes: Uint8Array, todo: string): CensusError {
  return new CensusError(
    `${source.file} (${source.id}) from ${where}: expected sha256 ${source.sha256} (${source.bytes} bytes), ` +
      `found sha256 ${sha256(bytes)} (${bytes.length} bytes). ${todo}`,
  );
}

/** Puts one verified copy of a source in rawDir: the copy already there, else a mirror, else its URL. */
export async function fetchSource(source: Source, opts: FetchOptions): Promise<FetchResult> {
  const target = join(opts.rawDir, source.file);
  const existing = await readIfExists(target);
  if (existing && sha256(existing) === source.sha256)
    return { id: source.id, path: target, origin: "cached", bytes: existing.length };

  for (const mirror of opts.mirrors) {
    const candidate = join(mirror, source.file);
    const bytes = await readIfExists(candidate);
    if (!bytes) continue;
    if (sha256(bytes) !== source.sha256)
      throw mismatch(
        source,
        `mirror ${candidate}`,
        bytes,
        "The mirror holds another version: replace it with the pinned file, or drop that folder from KUBE_CENSUS_MIRROR.",
      );
    await writeAtomically(target, bytes);
    return { id: source.id, path: target, origin: "mirror", bytes: bytes.length };
  }

  // A damaged local copy is why we got here: say so, or the user looks for it in vain.
  const damaged = existing
    ? `; the copy in ${target} is damaged (sha256 ${sha256(existing)}, ${existing.length} bytes, not the pinned one)`
    : "";
  const tried =
    (opts.mirrors.length
      ? `not in the mirror folders ${opts.mirrors.join(", ")}`
      : "no mirror set") + damaged;
  if (opts.network === false)
    throw new CensusError(
      `${source.file} (${source.id}): ${tried}, and the network is off. Set KUBE_CENSUS_MIRROR to a folder holding ${source.file}.`,
    );
  let bytes: Uint8Array;
  try {
    const response = await (opts.fetchImpl ?? fetch)(source.url, {
      signal: AbortSignal.timeout(120_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    throw new CensusError(
      `${source.file} (${source.id}): ${tried}, and downloading ${source.url} failed (${(e as Error).message}). ` +
        `Set KUBE_CENSUS_MIRROR to a folder holding ${source.file}, or check the network.`,
    );
  }
  if (sha256(bytes) !== source.sha256)
    throw mismatch(
      source,
      source.url,
      bytes,
      "The upstream file changed or the download was cut short: retry, or use a mirror.",
    );
  await writeAtomically(target, bytes);
  return { id: source.id, path: target, origin: "network", bytes: bytes.length };
}

/** Fetches every source; stops at the first failure, whose message says what to do. */
export async function fetchAll(sources: Source[], opts: FetchOptions): Promise<FetchResult[]> {
  const results: FetchResult[] = [];
  for (const source of sources) {
    const result = await fetchSource(source, opts);
    opts.log?.(`${result.origin.padEnd(7)} ${source.id} (${result.bytes} bytes)`);
    results.push(result);
  }
  return results;
}

export function mirrorsFromEnv(value = process.env.KUBE_CENSUS_MIRROR): string[] {
  return (value ?? "").split(":").filter((p) => p.length > 0);
}
