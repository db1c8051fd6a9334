import { z } from "zod";
import { EXPORT_FORMATS, exportCensus } from "../../export/export.ts";
import { CensusError } from "../../errors.ts";
import { weightArgs, type WeightArgs } from "./weight-args.ts";

const USAGE =
  "Usage: kube-census export --format parquet|csv --out <dir> [--weight <year|file> --weight-by <question,…> --trim <floor,cap>]";

const Options = z.object({
  format: z.enum(EXPORT_FORMATS, {
    error: (i) =>
      i.input === undefined
        ? "missing --format"
        : `invalid --format: ${String(i.input)} (use ${EXPORT_FORMATS.join(" or ")})`,
  }),
  out: z.string({ error: "missing --out" }).trim().min(1, "missing --out"),
});

/**
 * Writes the publishable tables and every figure to `--out`; progress and a summary go to stderr,
 * nothing to stdout (the export is the files).
 */
export async function run(opts: { format?: string; out?: string } & WeightArgs): Promise<void> {
  const parsed = Options.safeParse(opts);
  if (!parsed.success)
    throw new CensusError(`${parsed.error.issues.map((i) => i.message).join("; ")}\n${USAGE}`, 2);
  const weight = await weightArgs(opts, (m) => new CensusError(`export: ${m}\n${USAGE}`, 2));
  try {
    const summary = await exportCensus({
      ...parsed.data,
      ...(weight && { weight }),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stderr.write(
      `${summary.out}: ${summary.files.length} files, schema.json and its manifest, ` +
        `${(summary.bytes / 1e6).toFixed(1)} MB, written in ${summary.seconds.toFixed(1)} s\n`,
    );
  } catch (e) {
    if (e instanceof CensusError) throw e;
    // DuckDB's or the file system's message (disk full, permission denied) is the useful part.
    throw new CensusError(`the export failed: ${(e as Error).message}`);
  }
}
