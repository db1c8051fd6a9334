import { copyFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, quotedIdentifier, quotedString } from "@duckdb/node-api";

/** A survey year made at the database level, from a year the database already holds. */
export interface SyntheticYear {
  /** The year whose rows are copied. */
  from: number;
  /** The new year. */
  to: number;
  /** Its name in survey_sources.period ("1H 2024"). */
  period: string;
  /** SQL over `respondent` (an integer): true = the paid panel; absent = no panel (null). */
  panel?: string;
}

/**
 * A copy of `database` in a temp folder with each synthetic year added by plain SQL: every row
 * of every table keyed by year and source is copied from `from` to `to` under a source id of its
 * own (`<source>~<to>`), as an ingest of a new export laid out like `from` would write them;
 * the codebook's years and the detected routing are copied too. Breaks are not: they describe
 * one change between two years, not a year. No code of src/ knows the new year.
 */
export async function withSyntheticYears(
  database: string,
  years: SyntheticYear[],
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kc-synthetic-year-"));
  const path = join(dir, "census.duckdb");
  await copyFile(database, path);
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    const columns = (
      await conn.runAndReadAll(
        `SELECT t.table_name, list(c.column_name) AS columns FROM duckdb_tables() t
         JOIN duckdb_columns() c USING (table_oid) GROUP BY t.table_name`,
      )
    ).getRowObjectsJS() as { table_name: string; columns: string[] }[];
    for (const { from, to, period, panel } of years) {
      const rename = (column: string) => `${column} || ${quotedString(`~${to}`)}`;
      for (const { table_name: table, columns: cols } of columns) {
        const name = quotedIdentifier(table);
        const replace = [`${to} AS year`];
        if (table === "sources") replace.push(`${rename("id")} AS id`);
        else if (cols.includes("source")) replace.push(`${rename("source")} AS source`);
        const copied =
          cols.includes("year") &&
          (table === "sources" ||
            cols.includes("source") ||
            table === "codebook_years" ||
            table === "question_routing");
        if (copied)
          await conn.run(
            `INSERT INTO ${name} SELECT * REPLACE (${replace.join(", ")}) FROM ${name} WHERE year = ${from}`,
          );
        else if (table === "screening")
          await conn.run(
            `INSERT INTO screening SELECT * REPLACE (${rename("source")} AS source) FROM screening
             WHERE source IN (SELECT source FROM survey_sources WHERE year = ${from})`,
          );
      }
      await conn.run(
        `UPDATE survey_sources SET period = ${quotedString(period)} WHERE year = ${to}`,
      );
      await conn.run(
        `UPDATE respondents SET panel = ${panel ? `(${panel})` : "NULL"} WHERE year = ${to}`,
      );
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return path;
}
