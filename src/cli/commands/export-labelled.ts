import { CensusError } from "../../errors.ts";
import { exportLabelled } from "../../export/labelled-export.ts";
import { readTargetsFile } from "../../survey/weights-targets.ts";
import { commandUsage } from "../commands.ts";

const refuse = (message: string) =>
  new CensusError(`export: ${message}\n\n${commandUsage("export")}`.trimEnd(), 2);

export interface LabelledArgs {
  labelled: boolean;
  out: string;
  year?: string;
  weight?: string;
  weightBy?: string;
  trim?: string;
  format?: string;
}

const YEAR = /^\d{4}$/;

/** `--trim floor,cap`, both times the mean weight, read as `weights --trim` reads it. */
function parseTrim(trim: string): { floor: number; cap: number } {
  const m = /^\s*([0-9.]+)\s*,\s*([0-9.]+)\s*$/.exec(trim);
  const floor = Number(m?.[1]);
  const cap = Number(m?.[2]);
  if (!m || !(floor >= 0 && floor <= 1) || !(cap >= 1) || !Number.isFinite(cap))
    throw refuse(
      `--trim ${JSON.stringify(trim)}: give floor,cap as multiples of the mean weight, floor in [0, 1], cap ≥ 1 (e.g. 0.3,3).`,
    );
  return { floor, cap };
}

/**
 * `export --labelled --year Y --out DIR [--weight …]`: one year's wide labelled respondent file
 * (src/export/labelled-export.ts). Progress and a summary go to stderr; the export is the files.
 */
export async function run(args: LabelledArgs): Promise<void> {
  if (!args.labelled)
    throw refuse(
      "--year, --weight, --weight-by and --trim belong to --labelled: add it, or leave them out.",
    );
  if (args.format)
    throw refuse(
      "--labelled writes Parquet and CSV both (with .sps, .R and .do for the CSV): leave --format out.",
    );
  if (!args.year || !YEAR.test(args.year))
    throw refuse("--labelled needs --year <year>: one survey year per file (e.g. --year 2019).");
  if (!args.weight && (args.weightBy || args.trim))
    throw refuse("--weight-by and --trim need --weight <file|year>.");
  let weight;
  if (args.weight) {
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
    weight = { by, target, options: args.trim ? { trim: parseTrim(args.trim) } : undefined };
  }
  try {
    const s = await exportLabelled({
      year: Number(args.year),
      out: args.out,
      weight,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stderr.write(
      `${s.out}: ${s.files.join(", ")}; ${s.rows.toLocaleString("en-US")} respondents, ` +
        `${s.variables} variables, ${s.mrsets} multiple-response sets, ` +
        `${(s.bytes / 1e6).toFixed(1)} MB, written in ${s.seconds.toFixed(1)} s\n`,
    );
  } catch (e) {
    if (e instanceof CensusError) throw e;
    throw new CensusError(`the labelled export failed: ${(e as Error).message}`);
  }
}
