import { CensusError } from "../../errors.ts";
import { exportLabelled } from "../../export/labelled-export.ts";
import { commandUsage } from "../commands.ts";
import { weightArgs } from "./weight-args.ts";

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

/**
 * `export --labelled --year Y --out DIR [--weight …]`: one year's wide labelled respondent file
 * (src/export/labelled-export.ts). Progress and a summary go to stderr; the export is the files.
 */
export async function run(args: LabelledArgs): Promise<void> {
  if (!args.labelled) throw refuse("--year belongs to --labelled: add it, or leave it out.");
  if (args.format)
    throw refuse(
      "--labelled writes Parquet and CSV both (with .sps, .R and .do for the CSV): leave --format out.",
    );
  if (!args.year || !YEAR.test(args.year))
    throw refuse("--labelled needs --year <year>: one survey year per file (e.g. --year 2019).");
  const weight = await weightArgs(args, refuse);
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
