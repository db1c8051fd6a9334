import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { CensusError } from "../../errors.ts";
import { dataDir } from "../../paths.ts";
import { labelKey } from "../label.ts";
import { parseYaml } from "../read-yaml.ts";

const QuestionText = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** Where one year's export asks a canonical question. */
const YearMapping = z.strictObject({
  /** The question header as the export prints it (white space is normalised); several for a split question. */
  question: QuestionText,
  /** Which block with that text, when an export repeats a question (2018's "What title…"). */
  occurrence: z.number().int().positive().optional(),
  /** Option columns of the block that belong to another canonical question, left to that one. */
  exclude: z.array(z.string()).optional(),
  note: z.string().optional(),
  /**
   * What a one-column question offered that year (its answers sit in one "Response" column, or in
   * option columns whose headers were lost): the export's columns cannot say, so the codebook does.
   * Option columns and coded exports' code frames say it themselves.
   */
  offered: z.array(z.string().min(1)).optional(),
  /** 2021 only: which summary workbook (wave) asks it, Part 1 or Part 2; absent when both do. */
  part: z.union([z.literal(1), z.literal(2)]).optional(),
  /** What makes this year's answers not comparable with the year before: marked on every trend row. */
  breaks: z
    .array(
      z.strictObject({
        kind: z.enum(["wording", "options", "routing", "universe", "type", "scale"]),
        text: z.string().min(1),
        /** The options it affects, where not every row of the question. */
        options: z.array(z.string().min(1)).optional(),
      }),
    )
    .optional(),
});

/**
 * An ordinal question's scale in some years: its points lowest first, each with the number it
 * stands for (a bucket's midpoint) where a mean makes sense, and the boxes of a net score. Buckets
 * recut between years make another version, never pooled with this one (crosstab --summary).
 */
const Scale = z.strictObject({
  name: z.string().min(1),
  years: z.array(z.number().int()).min(1),
  /** What a midpoint counts (clusters, employees, releases a year); absent for a scale of words. */
  unit: z.string().min(1).optional(),
  points: z
    .array(z.strictObject({ option: z.string().min(1), midpoint: z.number().finite().optional() }))
    .min(2),
  /** Why the open top bucket (and any other open end) has the value it has: required with midpoints. */
  open_top: z.string().min(1).optional(),
  /** Top-2 minus bottom-2 box: the boxes, each a set of points. */
  net_score: z
    .strictObject({
      top: z.array(z.string().min(1)).min(1),
      bottom: z.array(z.string().min(1)).min(1),
    })
    .optional(),
  /** Answers that are no point of the scale (don't know, not using): left out of the summaries. */
  off_scale: z.array(z.string().min(1)),
  note: z.string().min(1).optional(),
});
export type Scale = z.infer<typeof Scale>;

export const CodebookEntry = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1),
  description: z.string().optional(),
  /** single: one answer; multi: any number of options; matrix: a level per option; free_text: typed answers. */
  type: z.enum(["single", "multi", "matrix", "free_text"]),
  /** Canonical option labels, in display order: the 2019 survey's wording. */
  options: z.array(z.string().min(1)).default([]),
  /** Other years' labels (as printed, case and spacing ignored) → the canonical option. */
  aliases: z.record(z.string(), z.string()).default({}),
  /** Matrix only: canonical level → the labels it is printed as. */
  levels: z.record(z.string(), z.array(z.string())).optional(),
  /**
   * Standard nets: name → the options it groups (a matrix: the levels, e.g. a top-2 box), in
   * display order. A net counts a respondent once if they chose any of them (cross-tab rows,
   * banner columns and --where).
   */
  nets: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).default({}),
  /** Ordinal questions: each version of the scale and the years it was asked in. */
  scales: z.array(Scale).default([]),
  /**
   * Weighting cells (single-choice only): cell → the options, of any year, that fall in it, so a
   * year can be weighted to another year's mix where the buckets were recut. Every option a
   * weighted respondent can give must be in exactly one cell; without the block a question
   * weights on its own options.
   */
  weighting_cells: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).optional(),
  years: z.record(z.string().regex(/^\d{4}$/), YearMapping),
});
export type CodebookEntry = z.infer<typeof CodebookEntry>;
export type YearMapping = z.infer<typeof YearMapping>;

/** A codebook entry with its lookups built once. */
export interface Question extends CodebookEntry {
  file: string;
  /** labelKey → canonical option. */
  optionByKey: Map<string, string>;
  /** labelKey → canonical level (matrix). */
  levelByKey: Map<string, string>;
}

export const defaultCodebookDir = join(dataDir, "codebook");

function compile(entry: CodebookEntry, file: string): Question {
  const optionByKey = new Map<string, string>();
  for (const option of entry.options) optionByKey.set(labelKey(option), option);
  const problems: string[] = [];
  for (const [alias, target] of Object.entries(entry.aliases)) {
    if (!entry.options.includes(target))
      problems.push(`aliases."${alias}": "${target}" is not one of its options`);
    optionByKey.set(labelKey(alias), target);
  }
  const levelByKey = new Map<string, string>();
  for (const [level, printed] of Object.entries(entry.levels ?? {}))
    for (const label of [level, ...printed]) levelByKey.set(labelKey(label), level);
  for (const [year, mapping] of Object.entries(entry.years))
    for (const label of mapping.offered ?? [])
      if (!optionByKey.has(labelKey(label)))
        problems.push(`years.${year}.offered: "${label}" is not one of its options or aliases`);
  for (const [year, mapping] of Object.entries(entry.years))
    for (const b of mapping.breaks ?? [])
      for (const option of b.options ?? [])
        if (!entry.options.includes(option))
          problems.push(`years.${year}.breaks: "${option}" is not one of its options`);
  const members = entry.type === "matrix" ? Object.keys(entry.levels ?? {}) : entry.options;
  const what = entry.type === "matrix" ? "levels" : "options";
  for (const [net, list] of Object.entries(entry.nets)) {
    // why: a net is named where an option is (--where q=<net>); one name cannot mean both
    if (members.some((m) => labelKey(m) === labelKey(net)))
      problems.push(`nets."${net}": the name is one of its ${what}; name the net otherwise`);
    for (const m of list)
      if (!members.includes(m)) problems.push(`nets."${net}": "${m}" is not one of its ${what}`);
  }
  problems.push(...scaleProblems(entry));
  const placed = new Map<string, string>();
  for (const [cell, list] of Object.entries(entry.weighting_cells ?? {}))
    for (const o of list) {
      if (!entry.options.includes(o))
        problems.push(`weighting_cells."${cell}": "${o}" is not one of its options`);
      else if (placed.has(o))
        problems.push(
          `weighting_cells: "${o}" is in "${placed.get(o)}" and "${cell}"; put it in one`,
        );
      placed.set(o, cell);
    }
  if (entry.weighting_cells && entry.type !== "single")
    problems.push("weighting_cells: only a single-choice question can weight");
  if (entry.type === "free_text" && Object.keys(entry.nets).length)
    problems.push("nets: a free-text question has no options to net");
  if (entry.type === "matrix" && levelByKey.size === 0)
    problems.push("levels: a matrix question needs its levels");
  if (problems.length) throw new CensusError(`${file}: ${problems.join("; ")}`);
  return { ...entry, file, optionByKey, levelByKey };
}

/** What is wrong with a question's `scales:` (empty when nothing is). */
function scaleProblems(entry: CodebookEntry): string[] {
  const problems: string[] = [];
  const seen = new Map<number, string>();
  for (const [i, scale] of entry.scales.entries()) {
    const at = `scales[${i}] (${scale.name})`;
    const points = scale.points.map((p) => p.option);
    if (entry.type === "matrix" || entry.type === "free_text")
      problems.push(`${at}: a ${entry.type} question has no single answer to place on a scale`);
    for (const year of scale.years) {
      if (!(String(year) in entry.years))
        problems.push(`${at}: ${year} is not one of the question's years`);
      // why: one year's answers must mean one thing; two versions in a year could not both hold
      if (seen.has(year)) problems.push(`${at}: ${year} is also in ${seen.get(year)}`);
      seen.set(year, scale.name);
    }
    for (const o of [...points, ...scale.off_scale])
      if (!entry.options.includes(o)) problems.push(`${at}: "${o}" is not one of its options`);
    for (const o of new Set(points.filter((p, j) => points.indexOf(p) !== j)))
      problems.push(`${at}: "${o}" is listed twice`);
    for (const o of scale.off_scale)
      if (points.includes(o)) problems.push(`${at}: "${o}" is both a point and off the scale`);
    const values = scale.points.map((p) => p.midpoint);
    if (values.some((v) => v !== undefined) && values.some((v) => v === undefined))
      problems.push(`${at}: give every point a midpoint or none`);
    // why: points are listed lowest first; a midpoint out of order would make mean and median disagree
    if (values.every((v) => v !== undefined)) {
      for (let j = 1; j < values.length; j++)
        if (values[j]! <= values[j - 1]!)
          problems.push(`${at}: "${points[j]}" (${values[j]}) is not above "${points[j - 1]}"`);
      if (!scale.open_top) problems.push(`${at}: say why the top bucket has its value (open_top)`);
      if (!scale.unit) problems.push(`${at}: name what the midpoints count (unit)`);
    } else if (scale.open_top || scale.unit)
      problems.push(`${at}: open_top and unit go with midpoints`);
    const { top = [], bottom = [] } = scale.net_score ?? {};
    for (const o of [...top, ...bottom])
      if (!points.includes(o)) problems.push(`${at}: net_score "${o}" is not a point of the scale`);
    for (const o of top)
      if (bottom.includes(o)) problems.push(`${at}: net_score "${o}" is in both boxes`);
  }
  return problems;
}

/** Reads every `*.yml` of the codebook folder; all schema problems are reported together. */
export async function loadCodebook(dir = defaultCodebookDir): Promise<Question[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".yml")).sort();
  const questions: Question[] = [];
  const problems: string[] = [];
  for (const name of files) {
    const file = join(dir, name);
    let doc: unknown;
    try {
      doc = parseYaml(await readFile(file, "utf8"), file, "Fix the question's file.");
    } catch (e) {
      problems.push((e as Error).message);
      continue;
    }
    const parsed = CodebookEntry.safeParse(doc);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${file}: ${issue.path.join(".") || "(top)"}: ${issue.message}`);
      continue;
    }
    if (`${parsed.data.id}.yml` !== name)
      problems.push(`${file}: id "${parsed.data.id}" must match the file name`);
    try {
      questions.push(compile(parsed.data, file));
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (problems.length) throw new CensusError(`Invalid codebook:\n  ${problems.join("\n  ")}`);
  if (questions.length === 0)
    throw new CensusError(`${dir}: the codebook folder holds no *.yml question.`);
  return questions;
}
