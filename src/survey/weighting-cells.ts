/**
 * Weighting cells that mean the same in every year, as the codebook states them
 * (`weighting_cells:` in data/codebook/<question>.yml, stored in `codebook_weighting_cells`).
 * Weighting to another year's mix needs the variable cut the same way in both years, and
 * org_size and region were recut in 2022: each cell lists the options, of any year, in it. A
 * question without cells weights on its own options, which must then match between the years.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { CensusError } from "../errors.ts";

/** question → cell → its options, cells in the codebook's order. */
export type WeightingCellMap = Map<string, Map<string, string[]>>;

const CELLS_SQL = `
SELECT question, cell, list(option ORDER BY option) AS options FROM codebook_weighting_cells
GROUP BY question, cell, "order" ORDER BY question, "order"`;

/** Every question's weighting cells, from the database the codebook was stored in. */
export async function loadWeightingCells(conn: DuckDBConnection): Promise<WeightingCellMap> {
  let rows;
  try {
    rows = await queryRows(conn, CELLS_SQL);
  } catch (e) {
    if (!/codebook_weighting_cells/.test((e as Error).message)) throw e;
    throw new CensusError(
      "the database predates the codebook's weighting cells (no codebook_weighting_cells table): rebuild it with `kube-census ingest`.",
    );
  }
  const cells: WeightingCellMap = new Map();
  for (const r of rows) {
    const q = String(r.question);
    if (!cells.has(q)) cells.set(q, new Map());
    cells.get(q)!.set(String(r.cell), (r.options as string[]).map(String));
  }
  return cells;
}

/** The cell an answer falls in: the codebook's cell where the question has them, else the answer. */
export function weightingCell(
  cells: WeightingCellMap,
  question: string,
  option: string,
): string | null {
  const own = cells.get(question);
  if (!own) return option;
  for (const [cell, options] of own) if (options.includes(option)) return cell;
  return null;
}
