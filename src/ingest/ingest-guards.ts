import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { CensusError } from "../errors.ts";
import type { IngestIssue } from "./ingest-issue.ts";
import { UNPINNED_SHA256, type ExpectedShape, type Source } from "../sources/sources.ts";

/** Issues above this share of a source's non-empty mapped cells mean the file was misread. */
export const MAX_ISSUE_RATE = 0.01;

export interface RawFile {
  path: string;
  /** The sha256 of the bytes read, recorded in `sources`. */
  sha256: string;
  bytes: number;
}

const FETCH = "Run `kube-census fetch` to restore the pinned copy.";

/**
 * Checks one raw file against the manifest's sha256 (unless the source is an unpinned test
 * fixture), so a changed file is never ingested in place of the pinned one. The file is hashed as
 * it streams and not kept: each source reads it again when its turn comes (`readChecked`, or the
 * survey stream), and that read must hash the same. why: holding every raw file for the whole
 * build held 224 MB more at 50× the exports.
 */
export async function checkRaw(rawDir: string, source: Source): Promise<RawFile> {
  const path = join(rawDir, source.file);
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    const info = await stat(path);
    if (!info.isFile())
      throw new CensusError(
        `${path}: the raw file for ${source.id} is ${info.isDirectory() ? "a directory" : "not a regular file"}. ` +
          `Remove it, then run \`kube-census fetch\`.`,
      );
    for await (const piece of createReadStream(path)) {
      hash.update(piece as Buffer);
      bytes += (piece as Buffer).length;
    }
  } catch (e) {
    if (e instanceof CensusError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new CensusError(
        `${path}: missing raw file for ${source.id}. Run \`kube-census fetch\` first.`,
      );
    throw new CensusError(
      `${path}: cannot read the raw file for ${source.id} (${code ?? (e as Error).message}). ` +
        `Check its permissions, or remove it and run \`kube-census fetch\`.`,
    );
  }
  const sha256 = hash.digest("hex");
  if (source.sha256 !== UNPINNED_SHA256 && sha256 !== source.sha256)
    throw new CensusError(
      `${path} (${source.id}): expected sha256 ${source.sha256} (${source.bytes} bytes), ` +
        `found sha256 ${sha256} (${bytes} bytes). The file changed since it was fetched: run \`kube-census fetch\`.`,
    );
  return { path, sha256, bytes };
}

/** Refuses a raw file whose bytes, read for loading, differ from those checked before the build. */
export function checkUnchanged(raw: RawFile, source: Source, sha256: string): void {
  if (sha256 !== raw.sha256)
    throw new CensusError(
      `${raw.path} (${source.id}): sha256 ${raw.sha256} when the ingest began, ${sha256} when it was loaded: ` +
        `the file changed during the ingest. Run \`kube-census ingest\` again (after \`kube-census fetch\` if it was not you).`,
    );
}

/** Reads a checked raw file whole (the small ones: snapshots, workbooks, 2022's coded export). */
export async function readChecked(raw: RawFile, source: Source): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(raw.path);
  } catch (e) {
    throw new CensusError(
      `${raw.path}: cannot read the raw file for ${source.id} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). ` +
        `It was there when the ingest began: run \`kube-census ingest\` again.`,
    );
  }
  checkUnchanged(raw, source, createHash("sha256").update(bytes).digest("hex"));
  return bytes;
}

/** What a survey reader found, compared with the manifest's `expected`. */
export interface FoundShape {
  respondents: number;
  columns?: number;
  sheets?: number;
}

/** Refuses an export whose respondents, columns or sheets differ from what the manifest expects. */
export function checkShape(
  source: { id: string; file: string; expected?: ExpectedShape },
  found: FoundShape,
): void {
  const expected = source.expected;
  if (!expected) return;
  const wrong = (["respondents", "columns", "sheets"] as const)
    .filter((k) => expected[k] !== undefined && found[k] !== undefined && expected[k] !== found[k])
    .map((k) => `${found[k]} ${k} where data/surveys/${source.id}.yml expects ${expected[k]}`);
  if (wrong.length)
    throw new CensusError(
      `${source.file} (${source.id}): ${wrong.join(", ")}. The file is truncated, damaged or not the pinned export. ${FETCH}`,
    );
}

/**
 * Refuses a source whose issues exceed MAX_ISSUE_RATE of its non-empty mapped cells: a lost header
 * row or a shifted layout turns most cells into issues, and such a database would print nonsense.
 */
export function checkIssueRate(
  source: { id: string; file: string },
  issues: IngestIssue[],
  cells: number,
  limit: number = MAX_ISSUE_RATE,
): void {
  if (issues.length === 0 || issues.length <= limit * cells) return;
  const reasons = new Map<string, number>();
  for (const i of issues) {
    // Group by the reason's shape, not its quoted value, so one cause counts once.
    const shape = i.reason.replace(/"[^"]*"/g, '"…"');
    reasons.set(shape, (reasons.get(shape) ?? 0) + 1);
  }
  const [reason, count] = [...reasons].sort((a, b) => b[1] - a[1])[0]!;
  const example = issues.find((i) => i.reason.replace(/"[^"]*"/g, '"…"') === reason)!;
  const pct = cells > 0 ? ((100 * issues.length) / cells).toFixed(1) : "100";
  throw new CensusError(
    `${source.file} (${source.id}): ${issues.length} issues in ${cells} non-empty mapped cells (${pct}%, more than ${100 * limit}%). ` +
      `Most common (${count}×): ${example.reason} (row ${example.row}, column ${example.column}). ` +
      `The file is damaged or its layout changed; the last good database is kept. ${FETCH}`,
  );
}

/**
 * Refuses a landscape snapshot whose entries failing validation (an item, or a category or
 * subcategory skipped whole, with at least one issue) exceed the same rate as a survey's issues,
 * or that holds no entry at all: a snapshot with no valid item ingested 0 items and exited 0.
 */
export function checkLandscapeRate(
  source: { id: string; file: string },
  issues: IngestIssue[],
  entries: number,
  limit: number = MAX_ISSUE_RATE,
): void {
  if (entries === 0)
    throw new CensusError(
      `${source.file} (${source.id}): the snapshot lists no items. The file is damaged or not a ` +
        `landscape.yml; the last good database is kept. ${FETCH}`,
    );
  const failed = new Set(issues.map((i) => i.row)).size;
  if (failed <= limit * entries) return;
  const first = issues[0]!;
  throw new CensusError(
    `${source.file} (${source.id}): ${failed} of ${entries} entries fail validation ` +
      `(${((100 * failed) / entries).toFixed(1)}%, more than ${100 * limit}%). ` +
      `First: ${first.row}${first.column ? `.${first.column}` : ""}: ${first.reason} (value ${first.value}). ` +
      `The file is damaged or its layout changed; the last good database is kept. ${FETCH}`,
  );
}
