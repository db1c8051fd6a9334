import { StatementType, type DuckDBConnection } from "@duckdb/node-api";
import { CensusError } from "../../errors.ts";
import { openDatabase, queryRows, resourceLimits } from "../../db/open.ts";
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

/** Runs one read-only query; anything that would write (or a second statement) is refused before it runs. */
export async function run(
  args: string[],
  format: OutputFormat,
  { timeout }: SqlOptions = {},
): Promise<void> {
  const sql = args.join(" ").trim();
  if (!sql) throw new CensusError('Usage: kube-census sql "<query>" [--format table|csv|json]', 2);
  const seconds = timeout === undefined ? DEFAULT_TIMEOUT : Number(timeout);
  if (!(seconds > 0) || !Number.isFinite(seconds))
    throw new CensusError(`invalid --timeout: ${timeout} (a number of seconds, e.g. 60)`, 2);
  const db = await openDatabase();
  try {
    await refuseWrites(db.conn, sql);
    const rows = await withTimeout(db.conn, seconds, () => queryRows(db.conn, sql));
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

/**
 * Refuses anything but one reading statement before it runs: a second statement, a write, and
 * an EXPLAIN (ANALYZE runs its statement) of anything but a reading statement.
 */
async function refuseWrites(conn: DuckDBConnection, sql: string): Promise<void> {
  const typed = splitStatements(sql);
  if (typed.length !== 1)
    throw new CensusError(`kube-census sql runs exactly one statement; got ${typed.length}.`);
  const inner = explained(sql);
  if (inner !== undefined) {
    if (!inner.trim()) throw new CensusError("EXPLAIN of what? Give it a SELECT.");
    const type = await statementType(conn, inner);
    if (type !== "SELECT") throw refusal(type, "EXPLAIN shows (and EXPLAIN ANALYZE runs)");
    return;
  }
  const type = await statementType(conn, sql);
  if (type !== "SELECT" && !READING.has(StatementType[type as keyof typeof StatementType]))
    throw refusal(type);
}

/** How a query can start: a dynamic PIVOT may be written bare or inside one of these. */
const QUERY_START = /^(\(|(select|with|from|pivot|unpivot)\b)/i;

/**
 * The statement's type, as DuckDB prepares it. One dynamic PIVOT comes back as DuckDB's own
 * expansion — CREATE TYPE statements for the pivoted values, then the SELECT, which cannot be
 * prepared before they run — and counts as the SELECT it is when the typed statement is a query.
 */
async function statementType(conn: DuckDBConnection, sql: string): Promise<string> {
  const statements = await conn.extractStatements(sql);
  const last = statements.count - 1;
  try {
    if (last === 0) {
      const type = (await statements.prepare(0)).statementType;
      return type === StatementType.SELECT ? "SELECT" : StatementType[type];
    }
    const before: StatementType[] = [];
    for (let i = 0; i < last; i++) before.push((await statements.prepare(i)).statementType);
    const pivot =
      before.every((t) => t === StatementType.CREATE) &&
      QUERY_START.test(stripComments(sql)) &&
      /\bpivot\b/i.test(sql);
    return pivot ? "SELECT" : StatementType[before.find((t) => !READING.has(t)) ?? before[0]!];
  } catch (e) {
    // A write can fail to bind before its type is known (DELETE FROM a view such as `answers`):
    // the refusal must still say why, not DuckDB's binder message.
    const keyword = /^(\w+)/.exec(stripComments(sql))?.[1];
    if (keyword && WRITING.test(keyword)) return keyword.toUpperCase();
    throw e;
  }
}
