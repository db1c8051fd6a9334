import { CensusError } from "../../errors.ts";
import { commandUsage } from "../commands.ts";
import { openDatabase } from "../../db/open.ts";
import { render, type OutputFormat } from "../../render/output.ts";
import { qualityTable } from "../../render/quality-output.ts";
import {
  QUALITY_CHECK_NAMES,
  QUALITY_CHECKS,
  qualityNotes,
  qualityYear,
  type QualityCheckName,
} from "../../survey/quality.ts";
import { QUALITY_SPLITS } from "../../survey/value-lists.ts";

/** A refused argument: exit 2 with the command's usage, like the parser's own refusals. */
const refuse = (message: string) =>
  new CensusError(`quality: ${message}\n\n${commandUsage("quality")}`.trimEnd(), 2);

export interface QualityArgs {
  check?: string;
  year?: string;
  by?: string;
}

/**
 * Prints the response-quality checks: every check as a table (or one with --check), JSON with
 * each check's description and rows, or one check as CSV (a CSV holds one table).
 */
export async function run(args: QualityArgs, format: OutputFormat): Promise<void> {
  const isCheck = (name: string): name is QualityCheckName =>
    (QUALITY_CHECK_NAMES as readonly string[]).includes(name);
  // why: the parser checks both lists already; this guards callers that skip it (tests, scripts)
  if (args.check !== undefined && !isCheck(args.check))
    throw refuse(
      `unknown check ${JSON.stringify(args.check)}; the checks are ${QUALITY_CHECK_NAMES.join(", ")}.`,
    );
  if (args.by !== undefined && !(QUALITY_SPLITS as readonly string[]).includes(args.by))
    throw refuse(
      `--by ${JSON.stringify(args.by)} is not a split; the splits are ${QUALITY_SPLITS.join(", ")}.`,
    );
  if (format === "csv" && args.check === undefined)
    throw refuse(
      `a CSV holds one table; name the check with --check (${QUALITY_CHECK_NAMES.join(", ")}).`,
    );
  const names = args.check && isCheck(args.check) ? [args.check] : QUALITY_CHECK_NAMES;
  const db = await openDatabase();
  try {
    const year = await qualityYear(db.conn, args.year);
    const scope = { year, byRegion: args.by === "region" };
    const results: Record<string, { description: string; rows: object[] }> = {};
    for (const name of names) {
      const check = QUALITY_CHECKS[name]!;
      const description =
        scope.byRegion && !check.byRegion
          ? `${check.description} Not split by region (too few answers per list and region).`
          : check.description;
      results[name] = { description, rows: await check.run(db.conn, scope) };
    }
    const notes = await qualityNotes(db.conn);
    if (format === "json")
      process.stdout.write(JSON.stringify({ scope, checks: results, notes }, null, 2) + "\n");
    else if (format === "csv")
      process.stdout.write(render(results[names[0]!]!.rows as Record<string, unknown>[], "csv"));
    else {
      const tables = names.map((name) =>
        qualityTable(
          name,
          results[name]!.description,
          results[name]!.rows as Record<string, unknown>[],
        ),
      );
      process.stdout.write(`${tables.join("\n")}\n${notes.map((n) => `- ${n}`).join("\n")}\n`);
    }
  } finally {
    db.close();
  }
}
