import { readFile } from "node:fs/promises";
import { z } from "zod";
import { join } from "node:path";
import { CensusError } from "../errors.ts";
import { dataDir } from "../paths.ts";

const base = {
  id: z.string().regex(/^[a-z0-9-]+$/),
  file: z.string().min(1),
  // why: zod's url() accepts javascript: and data:, and the methods page links every source
  url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
  commit: z.string().regex(/^[0-9a-f]{40}$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  license: z.string().min(1),
};

/**
 * The sha256 of a fixture that no manifest pins: `ingest` does not check it. The real manifest may
 * not use it (loadSources refuses it), so every real file is always checked.
 */
export const UNPINNED_SHA256 = "0".repeat(64);

/**
 * What an export must hold, so a cleanly truncated file or a lost header row stops the ingest:
 * respondents (answer rows; for a 2021 workbook, the wave's Answered) and its shape — columns of a
 * CSV export (after repairs), sheets of a workbook.
 */
export const ExpectedShape = z
  .object({
    respondents: z.number().int().positive(),
    columns: z.number().int().positive().optional(),
    sheets: z.number().int().positive().optional(),
  })
  .strict();

export const SurveySource = z.object({
  ...base,
  kind: z.literal("survey"),
  year: z.number().int().min(2015).max(2100),
  period: z.string().optional(),
  /** The export layout; each format has its own reader in src/ingest/survey/survey-formats.ts. */
  format: z.enum(["csv-2018", "csv-2019", "csv-1h2020", "xlsx-2021", "csv-2022"]),
  expected: ExpectedShape.optional(),
});
export const LandscapeSource = z.object({
  ...base,
  kind: z.literal("landscape"),
  snapshot: z.iso.date(),
});
/**
 * The landscape's generated processed_landscape.yml at a date: GitHub facts per item (read into
 * `momentum`). Its Crunchbase and Yahoo Finance blocks are never read into anything.
 */
export const MomentumSource = z.object({
  ...base,
  kind: z.literal("landscape-processed"),
  snapshot: z.iso.date(),
});
export const DocumentSource = z.object({ ...base, kind: z.literal("document") });
export const Source = z.discriminatedUnion("kind", [
  SurveySource,
  LandscapeSource,
  MomentumSource,
  DocumentSource,
]);
export const SourcesFile = z.object({ $comment: z.string().optional(), sources: z.array(Source) });

export type SurveySource = z.infer<typeof SurveySource>;
export type LandscapeSource = z.infer<typeof LandscapeSource>;
export type MomentumSource = z.infer<typeof MomentumSource>;
export type Source = z.infer<typeof Source>;
export type ExpectedShape = z.infer<typeof ExpectedShape>;

// why: from paths.ts, not this file's own URL, which is elsewhere once the CLI is compiled
export const defaultSourcesPath = join(dataDir, "sources.json");

/** Reads and validates the source manifest; every problem is reported at once. */
export async function loadSources(path = defaultSourcesPath): Promise<Source[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    throw new CensusError(`${path}: cannot read the source manifest (${(e as Error).message}).`);
  }
  const parsed = SourcesFile.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  sources.${i.path.join(".")}: ${i.message}`);
    throw new CensusError(`${path}: invalid source manifest:\n${lines.join("\n")}`);
  }
  const ids = new Set<string>();
  for (const s of parsed.data.sources) {
    if (s.sha256 === UNPINNED_SHA256)
      throw new CensusError(
        `${path}: source "${s.id}" has the all-zero sha256, which only test fixtures may use: pin its real checksum.`,
      );
    if (s.kind === "survey" && !s.expected)
      throw new CensusError(
        `${path}: survey source "${s.id}" has no "expected" respondent count: add one, so a truncated export cannot pass.`,
      );
    if (ids.has(s.id)) throw new CensusError(`${path}: source id "${s.id}" appears twice.`);
    ids.add(s.id);
  }
  return parsed.data.sources;
}
