import type { DuckDBConnection } from "@duckdb/node-api";
import { appendRows } from "../../db/append.ts";
import type { MarginalIds } from "./marginals-harmonize.ts";
import type { Marginal } from "./summary-workbook.ts";

/** Column of `share`, the one DOUBLE (appendRows appends other numbers as integers). */
const SHARE = 9;

/** Appends one workbook's marginals (the table must exist: run MARGINALS_SCHEMA first). */
export async function writeMarginals(
  conn: DuckDBConnection,
  marginals: Marginal[],
  harmonised: MarginalIds[],
  year: number,
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
