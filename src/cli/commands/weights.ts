import { CensusError } from "../../errors.ts";
import { openDatabase } from "../../db/open.ts";
import type { OutputFormat } from "../../render/output.ts";
import { writeOutputFile, checkOutputFile } from "../../output-file.ts";
import { weightedTableCsv, weightedTableText, weightsCsv } from "../../render/weights-output.ts";
import { computeWeightedTable } from "../../survey/weighted-table.ts";
import { readTargetsFile } from "../../survey/weights-targets.ts";
import { WEIGHT_SAMPLES, type WeightSample } from "../../survey/value-lists.ts";
import { commandUsage } from "../commands.ts";

const refuse = (message: string) =>
  new CensusError(`weights: ${message}\n\n${commandUsage("weights")}`.trimEnd(), 2);

export interface WeightsArgs {
  question?: string;
  year?: string;
  weight?: string;
  weightBy?: string;
  sample?: string;
  trim?: string;
  weightsOut?: string;
}

const YEAR = /^\d{4}$/;

/** `--trim floor,cap`, both times the mean weight (e.g. 0.3,3). */
function parseTrim(trim: string | undefined): { floor: number; cap: number } | undefined {
  if (trim === undefined) return undefined;
  const m = /^\s*([0-9.]+)\s*,\s*([0-9.]+)\s*$/.exec(trim);
  const floor = Number(m?.[1]);
  const cap = Number(m?.[2]);
  if (!m || !(floor >= 0 && floor <= 1) || !(cap >= 1) || !Number.isFinite(cap))
    throw refuse(
      `--trim ${JSON.stringify(trim)}: give floor,cap as multiples of the mean weight, floor in [0, 1], cap ≥ 1 (e.g. 0.3,3).`,
    );
  return { floor, cap };
}

/** Prints a question's weighted option shares (see weighted-table.ts). */
export async function run(args: WeightsArgs, format: OutputFormat): Promise<void> {
  if (!args.question) throw refuse("name the question to tabulate.");
  if (!args.year || !YEAR.test(args.year)) throw refuse("--year <year> is required (e.g. 2022).");
  if (!args.weight)
    throw refuse("--weight <file|year> is required: a targets file or a survey year.");
  const sample = (args.sample ?? "all") as WeightSample;
  if (!(WEIGHT_SAMPLES as readonly string[]).includes(sample))
    throw refuse(`--sample ${JSON.stringify(args.sample)}: use ${WEIGHT_SAMPLES.join(", ")}.`);
  const trim = parseTrim(args.trim);
  const target = YEAR.test(args.weight)
    ? { year: Number(args.weight), sample: "all" as const }
    : { file: args.weight };
  let by = args.weightBy
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!by?.length) {
    if ("year" in target)
      throw refuse(
        "--weight-by <question,…> is required with a year's targets (e.g. org_size,region).",
      );
    by = (await readTargetsFile(target.file)).map((m) => m.variable);
  }
  if (args.weightsOut) await checkOutputFile(args.weightsOut, "--weights-out", "weights.csv");
  const db = await openDatabase();
  try {
    const table = await computeWeightedTable(db.conn, {
      question: args.question,
      year: Number(args.year),
      sample,
      by,
      target,
      options: trim ? { trim } : undefined,
    });
    if (format === "json") {
      const { weights: _, ...rest } = table;
      process.stdout.write(JSON.stringify(rest, null, 2) + "\n");
    } else if (format === "csv") process.stdout.write(weightedTableCsv(table));
    else process.stdout.write(weightedTableText(table));
    if (args.weightsOut)
      await writeOutputFile(args.weightsOut, weightsCsv(table), "--weights-out", "weights.csv");
  } finally {
    db.close();
  }
}
