import { StatementType, type DuckDBConnection } from "@duckdb/node-api";
import { CensusError } from "../../errors.ts";
import { openDatabase, queryRows } from "../../db/open.ts";
import { render, type OutputFormat } from "../output.ts";

const READING = new Set([StatementType.SELECT, StatementType.EXPLAIN, StatementType.PRAGMA]);
const WRITING =
  /^(insert|update|delete|create|drop|alter|copy|attach|detach|truncate|merge|vacuum|checkpoint)$/i;

/** Runs one read-only query; anything that would write (or a second statement) is refused before it runs. */
export async function run(args: string[], format: OutputFormat): Promise<void> {
  const sql = args.join(" ").trim();
  if (!sql) throw new CensusError('Usage: kube-census sql "<query>" [--format table|csv|json]');
  const db = await openDatabase();
  try {
    await runChecked(db.conn, sql, format);
  } catch (e) {
    if (e instanceof CensusError) throw e;
    // DuckDB's own message (syntax error, unknown table, file access refused) is the useful part.
    throw new CensusError(`the query failed: ${(e as Error).message}`);
  } finally {
    db.close();
  }
}

async function runChecked(
  conn: DuckDBConnection,
  sql: string,
  format: OutputFormat,
): Promise<void> {
  const statements = await conn.extractStatements(sql);
  if (statements.count !== 1)
    throw new CensusError(`kube-census sql runs exactly one statement; got ${statements.count}.`);
  let type: string;
  try {
    const prepared = await statements.prepare(0);
    type = READING.has(prepared.statementType) ? "" : StatementType[prepared.statementType];
  } catch (e) {
    // A write can fail to bind before its type is known (DELETE FROM a view such as `answers`):
    // the refusal must still say why, not DuckDB's binder message.
    const keyword = /^\s*(\w+)/.exec(sql.replace(/^\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, ""))?.[1];
    if (!keyword || !WRITING.test(keyword)) throw e;
    type = keyword.toUpperCase();
  }
  if (type)
    throw new CensusError(
      `Refused: kube-census sql only reads (SELECT); this is a ${type} statement.`,
    );
  process.stdout.write(render(await queryRows(conn, sql), format));
}
