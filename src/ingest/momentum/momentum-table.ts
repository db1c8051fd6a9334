import { dateValue, type DuckDBAppender, type DuckDBConnection } from "@duckdb/node-api";
import { MOMENTUM_SCHEMA } from "../../db/schema.ts";
import type { MomentumRow } from "./momentum-item.ts";

/** Creates `momentum` and `momentum_breaks` if they are missing. */
export async function createMomentumTables(conn: DuckDBConnection): Promise<void> {
  await conn.run(MOMENTUM_SCHEMA);
}

function text(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

function integer(appender: DuckDBAppender, value: number | null): void {
  if (value === null) appender.appendNull();
  else appender.appendInteger(value);
}

// Dates arrive as YYYY-MM-DD (isoDay checked them), so splitting is enough here.
function date(appender: DuckDBAppender, value: string | null): void {
  if (value === null) return appender.appendNull();
  const [year, month, day] = value.split("-").map(Number);
  appender.appendDate(dateValue({ year: year!, month: month!, day: day! }));
}

/** Appends rows to `momentum`, in the column order of MOMENTUM_SCHEMA (src/db/schema.ts). */
export async function insertMomentumRows(
  conn: DuckDBConnection,
  rows: readonly MomentumRow[],
): Promise<void> {
  const appender = await conn.createAppender("momentum");
  try {
    for (const r of rows) {
      date(appender, r.snapshot);
      appender.appendVarchar(r.itemKey);
      appender.appendVarchar(r.name);
      appender.appendVarchar(r.category);
      appender.appendVarchar(r.subcategory);
      text(appender, r.maturity);
      appender.appendVarchar(r.repoUrl);
      integer(appender, r.stars);
      integer(appender, r.contributors);
      integer(appender, r.commits52w);
      date(appender, r.firstWeek);
      date(appender, r.firstCommit);
      text(appender, r.firstCommitSha);
      date(appender, r.latestCommit);
      text(appender, r.license);
      text(appender, r.language);
      appender.appendVarchar(r.path);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
