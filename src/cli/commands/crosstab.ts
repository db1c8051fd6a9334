import { computeCrosstab } from "../../survey/crosstab.ts";
import { surveyPeriods } from "../../survey/periods.ts";
import { openDatabase } from "../../db/open.ts";
import type { OutputFormat } from "../../render/output.ts";
import {
  crosstabCsv,
  crosstabDifferencesCsv,
  crosstabTable,
} from "../../render/crosstab-output.ts";
import { crosstabSpec, type CrosstabArgs } from "./crosstab-spec.ts";
import { crosstabProvenance } from "../../render/view-provenance.ts";
import { checkProvenanceFile, writeProvenance } from "./provenance.ts";
import { CensusError } from "../../errors.ts";
import { loadScales, scaledQuestions } from "../../survey/ordinal-scales.ts";
import { ordinalSummary, scaleFor } from "../../survey/ordinal-summary.ts";
import { ordinalBlock, ordinalCsv } from "../../render/ordinal-output.ts";

/** Prints a cross-tab: one question's options by a banner's columns, with column tests. */
export async function run(
  args: CrosstabArgs,
  format: OutputFormat,
  provenance?: string,
): Promise<void> {
  const example = "crosstab.provenance.json";
  if (args.summary && args.diffs && format === "csv")
    throw new CensusError(
      "crosstab: --summary and --diffs each make the CSV one line per something else (year and column; pair): choose one.",
      2,
    );
  if (args.summary && args.comparable)
    throw new CensusError(
      "crosstab: --summary needs every answer of the scale, and --comparable drops rows: leave one of them out.",
      2,
    );
  if (provenance) await checkProvenanceFile(provenance, example);
  const db = await openDatabase();
  try {
    const spec = await crosstabSpec(db.conn, args);
    // why: refused before the counting: a question with no scale, or a year none covers
    const scales = args.summary ? await loadScales(db.conn, spec.question.id) : [];
    if (args.summary && !scales.length)
      throw new CensusError(
        `crosstab --summary: ${spec.question.id} has no ordinal scale in the codebook ` +
          `(data/codebook/${spec.question.id}.yml, scales:): a mean, median or net score needs its answers ` +
          `in order. Questions with one: ${(await scaledQuestions(db.conn)).join(", ")}.`,
        2,
      );
    if (args.summary) for (const y of spec.years) scaleFor(spec.question.id, scales, [y]);
    const result = await computeCrosstab(db.conn, spec);
    const summary = args.summary
      ? ordinalSummary(
          spec.question.id,
          scales,
          result.columns,
          result.rows,
          spec.question.options,
          result.breaks,
        )
      : undefined;
    if (format === "json")
      process.stdout.write(
        JSON.stringify(summary ? { ...result, summary } : result, null, 2) + "\n",
      );
    else if (format === "csv")
      process.stdout.write(
        summary
          ? ordinalCsv(summary, await surveyPeriods(db.conn))
          : (args.diffs ? crosstabDifferencesCsv : crosstabCsv)(
              result,
              await surveyPeriods(db.conn),
            ),
      );
    else
      process.stdout.write(
        crosstabTable(result, { diffs: args.diffs }) +
          (summary
            ? ordinalBlock(
                summary,
                result.columns.map((c) => c.letter),
                result.by.id === "year",
              )
            : ""),
      );
    if (provenance)
      // The same sidecar as the explorer's CSV download (docs/components/crosstabDownload.js).
      await writeProvenance(
        db.conn,
        provenance,
        format === "table" ? "txt" : format,
        example,
        crosstabProvenance(result),
      );
  } finally {
    db.close();
  }
}
