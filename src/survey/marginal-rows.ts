import { quotedString, type DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { marginalNote, type Note } from "./breaks.ts";
import { shareRow } from "./compute-row.ts";
import { sqlList } from "./sql-list.ts";
import type { FigureRow, MarginalSpec } from "./figure.ts";

/** The SQL that turns a marginal spec into (year, wave, segment, category, n, count) rows. */
export function marginalSql(spec: MarginalSpec): string {
  if (spec.kind === "options")
    return `SELECT year, min(wave) AS wave, ${quotedString(spec.segment)} AS segment,
       coalesce(item_id, option_id) AS category,
       any_value(answered) AS n,
       sum(count) FILTER (WHERE ${spec.level ? `option_id = ${quotedString(spec.level)}` : "TRUE"}) AS count
FROM published_marginals
WHERE question_id = ${quotedString(spec.question)} AND wave = ${spec.wave} AND region = 'Total'
  AND coalesce(item_id, option_id) IS NOT NULL
  -- why: a matrix row's n is the block's Answered; a multi-select option's n the question's
GROUP BY year, coalesce(item_id, option_id)
-- why: a multi-select's options share one row of the workbook, so min("row") alone ties and the
-- order changed from run to run; codebook order, then the name, make it one order
ORDER BY year,
  (SELECT o."order" FROM codebook_options o
   WHERE o.question = ${quotedString(spec.question)} AND o.option = coalesce(item_id, option_id)),
  min("row"), coalesce(item_id, option_id)`;
  const item = spec.item ? `AND item_id = ${quotedString(spec.item)}` : "";
  const base = spec.base
    ? `sum(count) FILTER (WHERE list_contains(${sqlList(spec.base)}, option_id))`
    : // why: a region row has no Answered of its own; for a single choice its counts add up to it
      `CASE WHEN region = 'Total' THEN any_value(answered) ELSE sum(count) END`;
  return `SELECT year, min(wave) AS wave,
       CASE WHEN region = 'Total' THEN ${quotedString(spec.segment)} ELSE region END AS segment,
       ${quotedString(spec.category)} AS category,
       ${base} AS n,
       sum(count) FILTER (WHERE list_contains(${sqlList(spec.count)}, option_id)) AS count
FROM published_marginals
WHERE question_id = ${quotedString(spec.question)} AND wave = ${spec.wave} ${item}
  AND ${spec.byRegion ? "TRUE" : "region = 'Total'"}
GROUP BY year, region
ORDER BY year, region <> 'Total', region`;
}

/**
 * Figure rows from the 2021 published summaries, each marked with its different universe. Each
 * row's notes are the breaks of the one question it summarises (`breaksOf`) and its own base note,
 * never the breaks of the figure's other questions: a summary cannot be joined to them.
 */
export async function marginalRows(
  conn: DuckDBConnection,
  specs: MarginalSpec[],
  /** The breaks of the row's own question, listed before the summary's note. */
  breaksOf: (question: string, row: FigureRow) => Note[] = () => [],
): Promise<FigureRow[]> {
  const rows: FigureRow[] = [];
  for (const spec of specs)
    for (const r of await queryRows(conn, marginalSql(spec))) {
      if (r.n === null || Number(r.n) === 0) continue;
      const row: FigureRow = {
        ...shareRow(
          Number(r.year),
          String(r.segment),
          String(r.category),
          Number(r.n),
          Number(r.count ?? 0),
        ),
        source: "marginal",
        notes: [marginalNote(Number(r.year), Number(r.wave))],
      };
      row.notes.unshift(
        ...breaksOf(spec.question, row),
        // why: a region row's segment is the region question's answer
        ...(spec.kind === "sum" && spec.byRegion && r.segment !== spec.segment
          ? breaksOf("region", row)
          : []),
      );
      rows.push(row);
    }
  return rows;
}
