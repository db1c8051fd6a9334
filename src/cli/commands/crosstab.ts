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

/** Prints a cross-tab: one question's options by a banner's columns, with column tests. */
export async function run(
  args: CrosstabArgs,
  format: OutputFormat,
  provenance?: string,
): Promise<void> {
  const example = "crosstab.provenance.json";
  if (provenance) await checkProvenanceFile(provenance, example);
  const db = await openDatabase();
  try {
    const result = await computeCrosstab(db.conn, await crosstabSpec(db.conn, args));
    if (format === "json") process.stdout.write(JSON.stringify(result, null, 2) + "\n");
    else if (format === "csv")
      process.stdout.write(
        (args.diffs ? crosstabDifferencesCsv : crosstabCsv)(result, await surveyPeriods(db.conn)),
      );
    else process.stdout.write(crosstabTable(result, { diffs: args.diffs }));
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
