/**
 * The weighting options as `weights`, `crosstab` and `export` take them: `--weight <year|file>`
 * (a survey year's own sample mix, or a YAML targets file), `--weight-by q1,q2` (required with a
 * year; default a file's variables) and `--trim floor,cap` (× the mean weight). One parser, so
 * the three commands read them alike.
 */
import { CensusError } from "../../errors.ts";
import type { CrosstabWeight } from "../../survey/crosstab-weighting.ts";
import { readTargetsFile } from "../../survey/weights-targets.ts";

const YEAR = /^\d{4}$/;

/** `--trim floor,cap`, both times the mean weight (e.g. 0.3,3); `refuse` words the error. */
export function parseTrim(
  trim: string | undefined,
  refuse: (message: string) => CensusError,
): { floor: number; cap: number } | undefined {
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

export interface WeightArgs {
  weight?: string;
  weightBy?: string;
  trim?: string;
}

/**
 * The weighting a command line asks for, or undefined without `--weight`. `--weight-by` or
 * `--trim` without `--weight` is refused (they would be silently ignored).
 */
export async function weightArgs(
  args: WeightArgs,
  refuse: (message: string) => CensusError,
): Promise<CrosstabWeight | undefined> {
  if (!args.weight) {
    if (args.weightBy !== undefined || args.trim !== undefined)
      throw refuse(
        `${args.weightBy !== undefined ? "--weight-by" : "--trim"} needs --weight <year|file>: the targets to weight to.`,
      );
    return undefined;
  }
  const trim = parseTrim(args.trim, refuse);
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
  return { by, target, ...(trim && { options: { trim } }) };
}
