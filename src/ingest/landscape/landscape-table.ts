import { dateValue, type DuckDBAppender, type DuckDBConnection } from "@duckdb/node-api";
import { LANDSCAPE_SCHEMA } from "../../db/schema.ts";
import type { LandscapeItem } from "./landscape-item.ts";

/** Creates the `landscape_items` table (one row per item per snapshot) if it is missing. */
export async function createLandscapeTable(conn: DuckDBConnection): Promise<void> {
  await conn.run(LANDSCAPE_SCHEMA);
}

function appendText(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

// Dates arrive as YYYY-MM-DD (the schema normalised them), so splitting is enough here.
function appendDate(appender: DuckDBAppender, value: string | null): void {
  if (value === null) return appender.appendNull();
  const [year, month, day] = value.split("-").map(Number);
  appender.appendDate(dateValue({ year: year!, month: month!, day: day! }));
}

/** Appends items to `landscape_items`, in the column order of LANDSCAPE_SCHEMA (src/db/schema.ts). */
export async function insertLandscapeItems(
  conn: DuckDBConnection,
  items: readonly LandscapeItem[],
): Promise<void> {
  const appender = await conn.createAppender("landscape_items");
  try {
    for (const item of items) {
      appendDate(appender, item.snapshot);
      appender.appendVarchar(item.category);
      appender.appendVarchar(item.subcategory);
      appender.appendVarchar(item.name);
      appendText(appender, item.maturity);
      appendText(appender, item.homepageUrl);
      appendText(appender, item.repoUrl);
      appendText(appender, item.organization);
      appendText(appender, item.crunchbaseUrl);
      appendText(appender, item.description);
      appendDate(appender, item.accepted);
      appendDate(appender, item.incubating);
      appendDate(appender, item.graduated);
      appendDate(appender, item.archived);
      appender.appendVarchar(item.path);
      appender.appendVarchar(item.extra);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
