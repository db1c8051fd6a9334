import {
  StatementType,
  type DuckDBConnection,
  type DuckDBExtractedStatements,
} from "@duckdb/node-api";
import { CensusError, echoed } from "../../errors.ts";
import { openDatabase, plainRows, queryRows, resourceLimits } from "../../db/open.ts";
import { render, type OutputFormat } from "../../render/output.ts";
import { explained, splitStatements, stripComments } from "../sql-statements.ts";

const READING = new Set([StatementType.SELECT, StatementType.EXPLAIN, StatementType.PRAGMA]);
const WRITING =
  /^(insert|update|delete|create|drop|alter|copy|attach|detach|truncate|merge|vacuum|checkpoint|set|reset|install|load|export|import|call|use)$/i;

export interface SqlOptions {
  /** Seconds before the query is interrupted (default 60). */
  timeout?: string;
}

const DEFAULT_TIMEOUT = 60;
/** A day: past it a query is not interactive, and Node's timer overflows at 24.8 days. */
const MAX_TIMEOUT = 86_400;

/** Runs one read-only query; anything that would write (or a second statement) is refused before it runs. */
export async function run(
  args: string[],
  format: OutputFormat,
  { timeout }: SqlOptions = {},
): Promise<void> {
  const sql = args.join(" ").trim();
  if (!sql) throw new CensusError('Usage: kube-census sql "<query>" [--format table|csv|json]', 2);
  const seconds = timeout === undefined ? DEFAULT_TIMEOUT : Number(timeout);
  if (!(seconds > 0 && seconds <= MAX_TIMEOUT) || !/^\s*[\d.]+\s*$/.test(timeout ?? "60"))
    throw new CensusError(
      `invalid --timeout: ${echoed(String(timeout))} (a number of seconds, more than 0 and at most ${MAX_TIMEOUT}, e.g. 60)`,
      2,
    );
  const db = await openDatabase();
  try {
    const pivot = await refuseWrites(db.conn, sql);
    const rows = await withTimeout(db.conn, seconds, () =>
      pivot ? runPivot(db.conn, sql) : queryRows(db.conn, sql),
    );
    process.stdout.write(render(rows, format));
  } catch (e) {
    if (e instanceof CensusError) throw e;
    throw new CensusError(explainFailure((e as Error).message));
  } finally {
    db.close();
  }
}

/** DuckDB's own message (syntax error, unknown table, file access refused) is the useful part. */
function explainFailure(message: string): string {
  if (/out of memory|max_temp_directory_size|temp directory/i.test(message)) {
    const { memory, spill } = resourceLimits();
    return (
      `the query needs more than ${memory} of memory and ${spill} of spill on disk, the limits ` +
      `kube-census sql runs under: narrow it (filters, LIMIT, fewer joins) or raise ` +
      `KUBE_CENSUS_MEMORY_LIMIT / KUBE_CENSUS_SPILL_LIMIT. (${message.split("\n")[0]})`
    );
  }
  return `the query failed: ${message}`;
}

/** Interrupts the query after `seconds`, with an error that says so rather than "Interrupted!". */
async function withTimeout<T>(
  conn: DuckDBConnection,
  seconds: number,
  query: () => Promise<T>,
): Promise<T> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    conn.interrupt();
  }, seconds * 1000);
  try {
    return await query();
  } catch (e) {
    if (timedOut)
      throw new CensusError(
        `the query was stopped after ${seconds} s (--timeout ${seconds}): narrow it, or give it more time with --timeout.`,
      );
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

const refusal = (type: string, what = "this is") =>
  new CensusError(`Refused: kube-census sql only reads (SELECT); ${what} a ${type} statement.`);

const countError = (count: number) =>
  new CensusError(`kube-census sql runs exactly one statement; got ${count}.`);

/**
 * DuckDB's own parse of the text, through json_serialize_sql: the number of statements when all
 * are SELECTs, or "other" — one is not (or is a dynamic PIVOT, which DuckDB's parser turns into
 * CREATE TYPE statements and a SELECT), or it cannot be serialized (a syntax error, which
 * extractStatements then reports). Counting with DuckDB's parser is what makes E'…' escape
 * strings and `$` inside identifiers count as DuckDB counts them.
 */
async function parsed(
  conn: DuckDBConnection,
  sql: string,
): Promise<{ selects: number } | { other: true }> {
  const [row] = await queryRows(conn, "SELECT json_serialize_sql($sql::VARCHAR) AS j", { sql });
  const json = JSON.parse(String(row!.j)) as {
    error: boolean;
    error_message?: string;
    statements?: unknown[];
  };
  return json.error ? { other: true } : { selects: json.statements!.length };
}

/**
 * Refuses anything but one reading statement before it runs: a second statement, a write, and
 * an EXPLAIN (ANALYZE runs its statement) of anything but a reading statement. DuckDB's parser
 * counts the statements; the hand-written splitter only words the count of a refused text that
 * holds a dynamic PIVOT (whose expansion DuckDB counts as several statements).
 */
async function refuseWrites(conn: DuckDBConnection, sql: string): Promise<boolean> {
  const parse = await parsed(conn, sql);
  if ("selects" in parse) {
    if (parse.selects !== 1) throw countError(parse.selects);
    return false;
  }
  const statements = await conn.extractStatements(sql);
  if (statements.count > 1) {
    if (!(await isOnePivot(statements, sql))) {
      // DuckDB's count, but for a PIVOT: it counts the statements DuckDB expanded it into.
      if (!/\bpivot\b/i.test(sql)) throw countError(statements.count);
      const typed = splitStatements(sql).length;
      if (typed > 1) throw countError(typed);
      const keyword = /^(\w+)/.exec(stripComments(sql))?.[1];
      if (keyword && WRITING.test(keyword)) throw refusal(keyword.toUpperCase());
      throw new CensusError(
        `kube-census sql runs exactly one statement; DuckDB reads ${statements.count} in this one ` +
          `(a PIVOT is expanded into several): write it as a SELECT, FROM or PIVOT query.`,
      );
    }
    return true;
  }
  const inner = explained(sql);
  if (inner !== undefined) {
    if (!inner.trim()) throw new CensusError("EXPLAIN of what? Give it a SELECT.");
    const type = await statementType(conn, inner);
    if (type !== "SELECT") throw refusal(type, "EXPLAIN shows (and EXPLAIN ANALYZE runs)");
    return false;
  }
  const type = await statementType(conn, sql);
  if (type !== "SELECT" && !READING.has(StatementType[type as keyof typeof StatementType]))
    throw refusal(type);
  return false;
}

/**
 * Runs one dynamic PIVOT as DuckDB expanded it: the CREATE TYPE statements for the pivoted values
 * (temporary, reading only), then its last statement, which can be prepared only after them and
 * runs only if it is the SELECT (a `WITH … DELETE` around a PIVOT is refused here).
 */
async function runPivot(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const statements = await conn.extractStatements(sql);
  const last = statements.count - 1;
  for (let i = 0; i < last; i++) await (await statements.prepare(i)).run();
  const query = await statements.prepare(last);
  if (query.statementType !== StatementType.SELECT)
    throw refusal(StatementType[query.statementType]);
  return plainRows(await query.runAndReadAll());
}

/** How a query can start: a dynamic PIVOT may be written bare or inside one of these. */
const QUERY_START = /^(\(|(select|with|from|pivot|unpivot)\b)/i;

/**
 * Whether DuckDB's several statements are the expansion of one dynamic PIVOT: CREATE TYPE
 * statements for the pivoted values, then the query. The text must start as a query, and every
 * statement but the last must be a CREATE: a second statement typed after the query would put
 * the query's SELECT among them, and a write typed before it would not start the text as a query.
 * A WITH can also start a write (`WITH … DELETE`): runPivot checks the last statement's type.
 */
async function isOnePivot(statements: DuckDBExtractedStatements, sql: string): Promise<boolean> {
  if (!QUERY_START.test(stripComments(sql)) || !/\bpivot\b/i.test(sql)) return false;
  try {
    for (let i = 0; i < statements.count - 1; i++)
      if ((await statements.prepare(i)).statementType !== StatementType.CREATE) return false;
  } catch {
    return false;
  }
  return true;
}

/** The type of a single statement, as DuckDB prepares it. */
async function statementType(conn: DuckDBConnection, sql: string): Promise<string> {
  const parse = await parsed(conn, sql);
  if ("selects" in parse && parse.selects === 1) return "SELECT";
  const statements = await conn.extractStatements(sql);
  try {
    if (statements.count !== 1) return (await isOnePivot(statements, sql)) ? "SELECT" : "multiple";
    const type = (await statements.prepare(0)).statementType;
    return type === StatementType.SELECT ? "SELECT" : StatementType[type];
  } catch (e) {
    // A write can fail to bind before its type is known (DELETE FROM a view such as `answers`):
    // the refusal must still say why, not DuckDB's binder message.
    const keyword = /^(\w+)/.exec(stripComments(sql))?.[1];
    if (keyword && WRITING.test(keyword)) return keyword.toUpperCase();
    throw e;
  }
}
