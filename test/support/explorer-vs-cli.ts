import type { DuckDBConnection } from "@duckdb/node-api";
import { crosstabSpec, type CrosstabArgs } from "../../src/cli/commands/crosstab-spec.ts";
import { CensusError } from "../../src/errors.ts";
import {
  ExplorerData,
  ExplorerError,
  explorerCrosstab,
  type ExplorerRequest,
} from "../../src/site/explorer-crosstab.ts";
import { computeCrosstab, type CrosstabResult } from "../../src/survey/crosstab.ts";

/** A result as JSON carries it, or a refusal's message. */
export type Outcome = Partial<CrosstabResult> & { error?: string };

/**
 * One request answered by the CLI (crosstabSpec, then computeCrosstab's DuckDB query) and by the
 * explorer's port (explorerCrosstab over its data file), each round-tripped through JSON as
 * printed or drawn; a refusal (the CLI's CensusError, the page's ExplorerError) as its message.
 */
export async function bothWays(
  conn: DuckDBConnection,
  data: ExplorerData,
  request: ExplorerRequest,
): Promise<{ cli: Outcome; page: Outcome }> {
  let cli: Outcome;
  try {
    // why: the CLI takes --year as a list (repeatable); the page picks one year
    const args = { ...request, year: request.year ? [request.year] : undefined };
    const spec = await crosstabSpec(conn, args as CrosstabArgs);
    cli = JSON.parse(JSON.stringify(await computeCrosstab(conn, spec)));
  } catch (e) {
    if (!(e instanceof CensusError)) throw e;
    cli = { error: e.message };
  }
  let page: Outcome;
  try {
    page = JSON.parse(JSON.stringify(explorerCrosstab(data, request)));
  } catch (e) {
    if (!(e instanceof ExplorerError)) throw e;
    page = { error: e.message };
  }
  return { cli, page };
}
