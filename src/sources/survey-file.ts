import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import { CensusError } from "../errors.ts";

/**
 * What an export must hold, so a cleanly truncated file or a lost header row stops the ingest:
 * respondents (answer rows; for a summary workbook, the wave's Answered) and its shape — columns
 * of a CSV export (after repairs), sheets of a workbook.
 */
export const ExpectedShape = z
  .object({
    respondents: z.number().int().positive(),
    columns: z.number().int().positive().optional(),
    sheets: z.number().int().positive().optional(),
  })
  .strict();

/**
 * Export layouts, each with its own reader (src/ingest/survey/survey-layouts.ts): a CSV with
 * labels in its cells and two header rows, a CSV of codes with three header rows read through a
 * code frame, a workbook of published one-question summaries.
 */
export const SURVEY_LAYOUTS = ["csv-labelled", "csv-coded", "xlsx-summary"] as const;
export const SURVEY_ENCODINGS = ["utf-8", "macintosh", "windows-1252"] as const;
/** Named layout repairs (src/ingest/survey/survey-layouts.ts says what each does). */
export const SURVEY_REPAIRS = ["unquoted-commas"] as const;

/** One rule of a coded export's screening: the codes of a question that remove a respondent. */
export const ScreeningRule = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/),
    description: z.string().min(1),
    /** The question number in the export's first header row (Q13 → 13). */
    question: z.number().int().positive(),
    /** Codes that remove a respondent; [] = removed when every column of the question is blank. */
    codes: z.array(z.number().int()),
    /** Each code's label, checked against the code frame so a renumbered frame cannot screen the wrong answer. */
    labels: z.array(z.string().min(1)),
  })
  .refine((r) => r.codes.length === r.labels.length, {
    message: "needs one label per code (labels are checked against the code frame)",
    path: ["labels"],
  });

const Evidence = z.string().min(1);

/** data/surveys/<source-id>.yml: everything that makes one survey export readable, as data. */
export const SurveyFile = z
  .strictObject({
    /** The id of the data/sources.json entry that pins the file (and names this file). */
    source: z.string().regex(/^[a-z0-9-]+$/),
    year: z.number().int().min(2015).max(2100),
    /** The survey's own name for its period ("1H 2020"), written to survey_sources.period. */
    label: z.string().min(1),
    layout: z.enum(SURVEY_LAYOUTS),
    encoding: z.enum(SURVEY_ENCODINGS).optional(),
    repairs: z.array(z.enum(SURVEY_REPAIRS)).default([]),
    expected: ExpectedShape,
    /** The date CNCF maturities are read at for this survey (project adoption), with its evidence. */
    reference_date: z.strictObject({ date: z.iso.date(), evidence: Evidence }).optional(),
    /** Summary layouts: which wave of the year the workbook summarises (the codebook's `part`). */
    wave: z.union([z.literal(1), z.literal(2)]).optional(),
    /** Coded layouts: the code frame, relative to the data folder. */
    frame: z.string().min(1).optional(),
    /** Coded layouts: who is out of the published sample, in the order the rules apply. */
    screening: z.array(ScreeningRule).default([]),
    /** Coded layouts: the collectors (Collector ID) of the paid panel, with the evidence. */
    panel: z
      .strictObject({ collectors: z.array(z.string().min(1)).min(1), evidence: Evidence })
      .optional(),
  })
  .superRefine((s, ctx) => {
    const coded = s.layout === "csv-coded";
    if (coded && !s.frame)
      ctx.addIssue({
        code: "custom",
        path: ["frame"],
        message: "a csv-coded layout needs its code frame",
      });
    if (s.layout !== "xlsx-summary" && !s.encoding)
      ctx.addIssue({
        code: "custom",
        path: ["encoding"],
        message: "a CSV layout needs its encoding",
      });
    if (!coded)
      for (const key of ["frame", "panel"] as const)
        if (s[key] !== undefined)
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `only a csv-coded layout has a ${key}`,
          });
    if (!coded && s.screening.length > 0)
      ctx.addIssue({
        code: "custom",
        path: ["screening"],
        message: "screening rules read codes: only a csv-coded layout has them",
      });
    if (s.layout !== "xlsx-summary" && s.wave !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["wave"],
        message: "only an xlsx-summary layout has a wave",
      });
    if (s.layout === "xlsx-summary" && s.repairs.length > 0)
      ctx.addIssue({ code: "custom", path: ["repairs"], message: "repairs apply to CSV layouts" });
  });
export type SurveyFile = z.infer<typeof SurveyFile>;
export type ScreeningRule = z.infer<typeof ScreeningRule>;

/** Where the survey files live, beside the manifest: <data>/surveys/<source-id>.yml. */
export const surveyFilePath = (dataFolder: string, id: string) =>
  join(dataFolder, "surveys", `${id}.yml`);

/**
 * Reads and validates one survey file; its frame path comes back absolute. Synchronous: the
 * manifest's handful of small files, read once per command.
 */
export function readSurveyFile(path: string, dataFolder: string, id: string): SurveyFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CensusError(
      `${path}: cannot read the survey file of source "${id}" (${(e as Error).message}). ` +
        `Every survey in data/sources.json needs data/surveys/<id>.yml (layout, encoding, expected shape…): copy a neighbour's and edit it.`,
    );
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new CensusError(`${path}: not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}`);
  const parsed = SurveyFile.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  ${i.path.join(".") || "(top level)"}: ${i.message}`,
    );
    throw new CensusError(`${path}: invalid survey file:\n${lines.join("\n")}`);
  }
  const file = parsed.data;
  if (file.source !== id)
    throw new CensusError(
      `${path}: says source "${file.source}" but is the file of "${id}": name it data/surveys/${file.source}.yml or fix its source.`,
    );
  if (file.frame && !isAbsolute(file.frame)) file.frame = join(dataFolder, file.frame);
  return file;
}

/** data/surveys/coverage.yml: the codebook coverage below which a respondent-level export is refused. */
export const CoverageFile = z.strictObject({
  min_mapped_question_columns: z.number().min(0).max(1),
  why: Evidence,
});

export function readCoverageThreshold(dataFolder: string): number {
  const path = join(dataFolder, "surveys", "coverage.yml");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CensusError(`${path}: cannot read the coverage threshold (${(e as Error).message}).`);
  }
  const parsed = CoverageFile.safeParse(parseDocument(text).toJS());
  if (!parsed.success)
    throw new CensusError(
      `${path}: invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return parsed.data.min_mapped_question_columns;
}
