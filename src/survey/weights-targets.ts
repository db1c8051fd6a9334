/**
 * Weighting a year's sample from the database: each respondent's weighting cells, the target
 * margins (from a YAML file, or another year's sample), the raking, and weighted shares of a
 * question's options. The arithmetic is weights.ts.
 */
import { readFile } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import { queryRows } from "../db/open.ts";
import { CensusError } from "../errors.ts";
import { describePath, parseYaml } from "../ingest/read-yaml.ts";
import type { CrosstabSample } from "./value-lists.ts";
import { loadWeightingCells, weightingCell, type WeightingCellMap } from "./weighting-cells.ts";
import {
  rake,
  weightedShare,
  type Margin,
  type RakeOptions,
  type WeightedShare,
  type WeightingCells,
  type WeightingResult,
} from "./weights.ts";

/** Where the targets come from: a file, or another year's sample (its part `sample`). */
export type WeightTarget = { file: string } | { year: number; sample: CrosstabSample };

export interface WeightingSpec {
  year: number;
  sample: CrosstabSample;
  /** The weighting variables (single-choice questions), e.g. org_size, region. */
  by: string[];
  target: WeightTarget;
  options?: RakeOptions;
}

export interface SampleWeights {
  spec: WeightingSpec;
  margins: Margin[];
  /** Each respondent of the weighted sample, by id, and their weight. */
  weights: Map<number, number>;
  result: WeightingResult;
}

/** Rounded published shares are fine: a file's shares may miss 1 by this much, then are scaled. */
export const FILE_SHARE_SLACK = 0.01;

const targetsFileSchema = z.record(
  z.string().min(1),
  z.record(z.string().min(1), z.number().positive().max(1)),
);

/**
 * Targets from a YAML file: `question: {cell: share, …}`, one mapping per weighting variable.
 * With the codebook's weighting cells, a question that has cells must name only those.
 */
export async function readTargetsFile(file: string, cells?: WeightingCellMap): Promise<Margin[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new CensusError(`${file}: cannot read the weighting targets (${(e as Error).message}).`);
  }
  const advice =
    "A targets file maps each weighting question to its cells' shares, e.g. `region: {Europe: 0.4, …}`.";
  const parsed = targetsFileSchema.safeParse(parseYaml(text, file, advice));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${describePath(i.path)}: ${i.message}`);
    throw new CensusError(
      `${file}: ${lines.length} invalid value(s):\n${lines.join("\n")}\n${advice}`,
    );
  }
  return Object.entries(parsed.data).map(([variable, targets]) => {
    const total = Object.values(targets).reduce((s, v) => s + v, 0);
    if (Math.abs(total - 1) > FILE_SHARE_SLACK)
      throw new CensusError(
        `${file}: the shares of ${variable} sum to ${total.toFixed(4)}, not 1: give every cell, as shares of the whole (0.25, not 25).`,
      );
    const known = cells?.get(variable);
    if (known)
      for (const cell of Object.keys(targets))
        if (!known.has(cell))
          throw new CensusError(
            `${file}: ${variable} has no weighting cell "${cell}" (cells: ${[...known.keys()].join(", ")}).`,
          );
    return {
      variable,
      targets: Object.fromEntries(Object.entries(targets).map(([c, s]) => [c, s / total])),
    };
  });
}

const SAMPLE_SQL = `
SELECT respondent FROM respondents
WHERE year = $year AND excluded IS NULL
  -- why: only a panel year has a panel part; other years' panel is null (community)
  AND ($sample = 'all' OR coalesce(panel, false) = ($sample = 'panel'))
ORDER BY respondent`;

const CELL_SQL = `
SELECT a.respondent, list(DISTINCT a.option ORDER BY a.option) AS options
FROM answers a
WHERE a.year = $year AND a.question = $question
GROUP BY a.respondent`;

const TYPE_SQL = `SELECT type FROM codebook_questions WHERE id = $question`;

/**
 * Each respondent of a year's sample part with their cell on every weighting variable (null: no
 * answer). A weighting variable must be a single-choice question; an answer outside every
 * harmonised cell is an error naming it.
 */
export async function sampleCells(
  conn: DuckDBConnection,
  year: number,
  sample: CrosstabSample,
  by: readonly string[],
): Promise<{ respondents: number[]; cells: WeightingCells[] }> {
  const respondents = (await queryRows(conn, SAMPLE_SQL, { year, sample })).map((r) =>
    Number(r.respondent),
  );
  if (respondents.length === 0)
    throw new CensusError(`no respondents in ${year}'s ${sample} sample to weight.`);
  const index = new Map(respondents.map((r, i) => [r, i]));
  const cellMap = await loadWeightingCells(conn);
  const cells: WeightingCells[] = respondents.map(() => ({}));
  for (const question of by) {
    const type = (await queryRows(conn, TYPE_SQL, { question }))[0]?.type;
    if (type !== "single")
      throw new CensusError(
        type === undefined
          ? `--weight-by ${question}: no such question (see \`kube-census questions\`).`
          : `--weight-by ${question}: a ${String(type)} question; weighting variables must be single-choice.`,
      );
    for (const row of await queryRows(conn, CELL_SQL, { year, question })) {
      const i = index.get(Number(row.respondent));
      if (i === undefined) continue;
      const options = (row.options as string[]).map(String);
      const found = new Set(options.map((o) => weightingCell(cellMap, question, o)));
      if (found.has(null))
        throw new CensusError(
          `${year} ${question}: the answer "${options.find((o) => weightingCell(cellMap, question, o) === null)}" is in no weighting cell (weighting_cells in data/codebook/${question}.yml): add it to a cell.`,
        );
      // why: two answers to a single question in different cells cannot be placed: unknown
      cells[i]![question] = found.size === 1 ? [...found][0]! : null;
    }
  }
  return { respondents, cells };
}

/** A year's own margins over the weighting variables, among those who answered each. */
export async function sampleMargins(
  conn: DuckDBConnection,
  year: number,
  sample: CrosstabSample,
  by: readonly string[],
): Promise<Margin[]> {
  const { cells } = await sampleCells(conn, year, sample, by);
  return by.map((variable) => {
    const counts = new Map<string, number>();
    for (const c of cells) {
      const cell = c[variable];
      if (cell != null) counts.set(cell, (counts.get(cell) ?? 0) + 1);
    }
    const total = [...counts.values()].reduce((s, v) => s + v, 0);
    if (total === 0)
      throw new CensusError(
        `--weight-to ${year}: nobody in ${year}'s ${sample} sample answered ${variable}.`,
      );
    const targets: Record<string, number> = {};
    for (const [cell, k] of [...counts].sort(([a], [b]) => a.localeCompare(b)))
      targets[cell] = k / total;
    return { variable, targets };
  });
}

/** The target margins: a file's, or the target year's own sample mix over `by`. */
export async function targetMargins(
  conn: DuckDBConnection,
  target: WeightTarget,
  by: readonly string[],
): Promise<Margin[]> {
  return "file" in target
    ? await readTargetsFile(target.file, await loadWeightingCells(conn))
    : await sampleMargins(conn, target.year, target.sample, by);
}

/** Rakes a year's sample part to the spec's targets. */
export async function weightSample(
  conn: DuckDBConnection,
  spec: WeightingSpec,
  // why: a cross-tab weights every year to the same targets: read (or counted) once
  given?: Margin[],
): Promise<SampleWeights> {
  const margins = given ?? (await targetMargins(conn, spec.target, spec.by));
  const named = margins.map((m) => m.variable).sort();
  if (named.join() !== [...spec.by].sort().join())
    throw new CensusError(
      `the weighting targets name ${named.join(", ")} but --weight-by names ${spec.by.join(", ")}: give the same variables.`,
    );
  const { respondents, cells } = await sampleCells(conn, spec.year, spec.sample, spec.by);
  const result = rake(cells, margins, spec.options);
  return {
    spec,
    margins,
    weights: new Map(respondents.map((r, i) => [r, result.weights[i]!])),
    result,
  };
}

export interface WeightedOptionRow {
  option: string;
  /** Unweighted: who chose it, of the base (who answered the question). */
  count: number;
  n: number;
  share: number;
  weighted: WeightedShare;
}

const ANSWERED_SQL = `
SELECT respondent, list(DISTINCT option) AS options FROM answers
WHERE year = $year AND question = $question
GROUP BY respondent`;

const OFFERED_SQL = `
SELECT o.option FROM survey_offered s
JOIN codebook_options o ON o.question = s.question AND o.option = s.option
WHERE s.year = $year AND s.question = $question
GROUP BY o.option, o."order" ORDER BY o."order"`;

/**
 * A question's options' shares among the weighted respondents who answered it, unweighted and
 * weighted; n_eff, the design effect and the interval are over that base's weights.
 */
export async function weightedOptionShares(
  conn: DuckDBConnection,
  question: string,
  weighting: SampleWeights,
): Promise<WeightedOptionRow[]> {
  const year = weighting.spec.year;
  const type = (await queryRows(conn, TYPE_SQL, { question }))[0]?.type;
  if (type !== "single" && type !== "multi")
    throw new CensusError(
      type === undefined
        ? `${question}: no such question (see \`kube-census questions\`).`
        : `${question}: a ${String(type)} question; weighted shares are for single-choice and multi-select questions.`,
    );
  const answered = (await queryRows(conn, ANSWERED_SQL, { year, question })).filter((r) =>
    weighting.weights.has(Number(r.respondent)),
  );
  const weights = answered.map((r) => weighting.weights.get(Number(r.respondent))!);
  const chosen = answered.map((r) => new Set((r.options as string[]).map(String)));
  const options = (await queryRows(conn, OFFERED_SQL, { year, question })).map((r) =>
    String(r.option),
  );
  return options.map((option) => {
    const chose = chosen.map((s) => s.has(option));
    const count = chose.filter(Boolean).length;
    return {
      option,
      count,
      n: answered.length,
      share: count / answered.length,
      weighted: weightedShare(weights, chose),
    };
  });
}
