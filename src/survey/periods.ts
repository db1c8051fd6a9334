import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";

const PERIODS_SQL = `SELECT DISTINCT year, period FROM survey_sources ORDER BY year`;

/**
 * Each survey year's name as the survey is known ("1H 2020" for 2020), from survey_sources.
 * A year two waves share (2021) has no single name: it stays the year.
 */
export async function surveyPeriods(conn: DuckDBConnection): Promise<Record<string, string>> {
  const byYear = new Map<string, Set<string>>();
  for (const r of await queryRows(conn, PERIODS_SQL)) {
    const year = String(r.year);
    if (!byYear.has(year)) byYear.set(year, new Set());
    byYear.get(year)!.add(String(r.period));
  }
  return Object.fromEntries(
    [...byYear].map(([year, periods]) => [year, periods.size === 1 ? [...periods][0]! : year]),
  );
}
