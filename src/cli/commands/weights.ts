import { CensusError } from "../../errors.ts";
import { openDatabase } from "../../db/open.ts";
import type { OutputFormat } from "../../render/output.ts";
import { writeOutputFile, checkOutputFile } from "../../output-file.ts";
import { weightedTableCsv, weightedTableText, weightsCsv } from "../../render/weights-output.ts";
import { computeWeightedTable } from "../../survey/weighted-table.ts";
import { weightArgs } from "./weight-args.ts";
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

/** Prints a question's weighted option shares (see weighted-table.ts). */
export async function run(args: WeightsArgs, format: OutputFormat): Promise<void> {
  if (!args.question) throw refuse("name the question to tabulate.");
  if (!args.year || !YEAR.test(args.year)) throw refuse("--year <year> is required (e.g. 2022).");
  if (!args.weight)
    throw refuse("--weight <year|file> is required: a survey year or a targets file.");
  const sample = (args.sample ?? "all") as WeightSample;
  if (!(WEIGHT_SAMPLES as readonly string[]).includes(sample))
    throw refuse(`--sample ${JSON.stringify(args.sample)}: use ${WEIGHT_SAMPLES.join(", ")}.`);
  const { by, target, options } = (await weightArgs(args, refuse))!;
  if (args.weightsOut) await checkOutputFile(args.weightsOut, "--weights-out", "weights.csv");
  const db = await openDatabase();
  try {
    const table = await computeWeightedTable(db.conn, {
      question: args.question,
      year: Number(args.year),
      sample,
      by,
      target,
      options,
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
