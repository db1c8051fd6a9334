import type { DuckDBConnection } from "@duckdb/node-api";
import { pacer } from "../paced.ts";

export type Cell = string | number | boolean | null;

/** An open appender that takes one row at a time. */
export interface RowAppender {
  row(cells: readonly Cell[]): void;
  /** Flushes what is buffered and closes; after a failure, `close(false)` drops what is buffered first. */
  close(flush?: boolean): void;
  readonly count: number;
}

/**
 * Opens DuckDB's appender on a table (far faster than INSERTs): rows go in as they are made, so a
 * streamed export never needs an array of them. Numbers go in as integers, except in the columns
 * (0-based) listed in `doubles`. DuckDB buffers a bounded chunk of rows and writes it out itself.
 */
export async function openAppender(
  conn: DuckDBConnection,
  table: string,
  doubles: ReadonlySet<number> = new Set(),
): Promise<RowAppender> {
  const appender = await conn.createAppender(table);
  let count = 0;
  let open = true;
  return {
    row(cells) {
      for (let i = 0; i < cells.length; i++) {
        const cell = cells[i]!;
        if (cell === null) appender.appendNull();
        else if (typeof cell === "number")
          doubles.has(i) ? appender.appendDouble(cell) : appender.appendInteger(cell);
        else if (typeof cell === "boolean") appender.appendBoolean(cell);
        else appender.appendVarchar(cell);
      }
      appender.endRow();
      count++;
    },
    close(flush = true) {
      if (!open) return;
      open = false;
      try {
        // closing flushes too: what a failed load buffered is cleared, not written
        if (flush) appender.flushSync();
        else appender.clear();
      } finally {
        appender.closeSync();
      }
    },
    get count() {
      return count;
    },
  };
}

/**
 * Bulk-inserts rows through DuckDB's appender. Every 50 ms the event loop turns, so a signal
 * handler runs during a long append.
 */
export async function appendRows(
  conn: DuckDBConnection,
  table: string,
  rows: Iterable<Cell[]>,
  doubles: ReadonlySet<number> = new Set(),
): Promise<number> {
  const appender = await openAppender(conn, table, doubles);
  const pause = pacer();
  let flushed = false;
  try {
    for (const row of rows) {
      appender.row(row);
      const p = pause();
      if (p) await p;
    }
    appender.close();
    flushed = true;
  } finally {
    if (!flushed) appender.close(false);
  }
  return appender.count;
}
