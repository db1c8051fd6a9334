import type { DuckDBConnection } from "@duckdb/node-api";

export type Cell = string | number | boolean | null;

/** Bulk-inserts rows through DuckDB's appender (far faster than INSERTs); integers only for numbers. */
export async function appendRows(
  conn: DuckDBConnection,
  table: string,
  rows: Iterable<Cell[]>,
): Promise<number> {
  const appender = await conn.createAppender(table);
  let count = 0;
  try {
    for (const row of rows) {
      for (const cell of row) {
        if (cell === null) appender.appendNull();
        else if (typeof cell === "number") appender.appendInteger(cell);
        else if (typeof cell === "boolean") appender.appendBoolean(cell);
        else appender.appendVarchar(cell);
      }
      appender.endRow();
      count++;
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return count;
}
