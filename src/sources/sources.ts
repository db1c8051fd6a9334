import { readFile } from "node:fs/promises";
import { z } from "zod";
import { dirname, join } from "node:path";
import { CensusError } from "../errors.ts";
import { dataDir } from "../paths.ts";
import { ExpectedShape, readSurveyFile, surveyFilePath, type SurveyFile } from "./survey-file.ts";

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

/** A survey's entry in data/sources.json: only where its file comes from; what it is lives in data/surveys/<id>.yml. */
export const SurveyPin = z.strictObject({ ...base, kind: z.literal("survey") });
export { ExpectedShape };
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
const SourceEntry = z.discriminatedUnion("kind", [
  SurveyPin,
  LandscapeSource,
  MomentumSource,
  DocumentSource,
]);
export const SourcesFile = z.object({
  $comment: z.string().optional(),
  sources: z.array(SourceEntry),
});

/**
 * A survey as the ingest reads it: its pin (data/sources.json) joined with its survey file
 * (data/surveys/<id>.yml; frame an absolute path). `expected` is optional only for test fixtures.
 */
export type SurveySource = z.infer<typeof SurveyPin> &
  Omit<SurveyFile, "source" | "expected"> & { expected?: ExpectedShape };
export type LandscapeSource = z.infer<typeof LandscapeSource>;
export type MomentumSource = z.infer<typeof MomentumSource>;
export type Source =
  SurveySource | LandscapeSource | MomentumSource | z.infer<typeof DocumentSource>;
export type ExpectedShape = z.infer<typeof ExpectedShape>;

// why: from paths.ts, not this file's own URL, which is elsewhere once the CLI is compiled
export const defaultSourcesPath = join(dataDir, "sources.json");

/**
 * Reads and validates the source manifest (every problem reported at once) and joins each survey
 * to its survey file, data/surveys/<id>.yml beside the manifest.
 */
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
    if (ids.has(s.id)) throw new CensusError(`${path}: source id "${s.id}" appears twice.`);
    ids.add(s.id);
  }
  const folder = dirname(path);
  return parsed.data.sources.map((s): Source => {
    if (s.kind !== "survey") return s;
    const { source: _, ...survey } = readSurveyFile(surveyFilePath(folder, s.id), folder, s.id);
    return { ...s, ...survey };
  });
}
