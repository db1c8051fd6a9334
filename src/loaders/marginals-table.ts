import type { DuckDBConnection } from "@duckdb/node-api";
import { appendRows } from "../db/append.ts";
import type { MarginalIds } from "./marginals-harmonize.ts";
import type { Marginal } from "./survey-2021.ts";

/**
 * CNCF's published one-question summaries (2021): a different kind of row from respondent answers,
 * so a table of its own. `answered` is the block's base; `row` the spreadsheet row of the value.
 */
export const MARGINALS_SCHEMA = `
CREATE TABLE published_marginals (source VARCHAR, year INTEGER, wave INTEGER, sheet VARCHAR, question VARCHAR,
  item VARCHAR, option VARCHAR, region VARCHAR, count INTEGER, share DOUBLE, answered INTEGER, skipped INTEGER,
  "row" INTEGER, question_id VARCHAR, option_id VARCHAR, item_id VARCHAR);
`;

/** Column of `share`, the one DOUBLE (appendRows appends other numbers as integers). */
const SHARE = 9;

/** Appends one workbook's marginals (the table must exist: run MARGINALS_SCHEMA first). */
export async function writeMarginals(
  conn: DuckDBConnection,
  marginals: Marginal[],
  harmonised: MarginalIds[],
  year = 2021,
): Promise<number> {
  return appendRows(
    conn,
    "published_marginals",
    marginals.map((m, i) => {
      const ids = harmonised[i] ?? { question_id: null, option_id: null, item_id: null };
      return [
        m.source,
        year,
        m.wave,
        m.sheet,
        m.question,
        m.item,
        m.option,
        m.region,
        m.count,
        m.share,
        m.answered,
        m.skipped,
        m.row,
        ids.question_id,
        ids.option_id,
        ids.item_id,
      ];
    }),
    new Set([SHARE]),
  );
}
