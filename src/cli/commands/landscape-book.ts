import { pct } from "../../render/format.ts";
import type { DuckDBConnection } from "@duckdb/node-api";
import { defaultAliasesFile, readBookAliases } from "../../landscape/book-aliases.ts";
import { bookLandscape } from "../../landscape/book-landscape.ts";
import { toCsv, toTable, type OutputFormat } from "../../render/output.ts";

const TABLE = [
  "layer",
  "kind",
  "book_name",
  "match",
  "landscape_name",
  "name_today",
  "cncf_status_2020",
  "maturity_2020",
  "maturity_today",
  "status_today",
  "stars_2020",
  "contributors_2020",
  "commits_52w_2020",
];

/** `kube-census landscape --book`: the book's vendor tables and platform lists against the landscape. */
export async function runBook(conn: DuckDBConnection, format: OutputFormat): Promise<void> {
  const result = await bookLandscape(conn, await readBookAliases(), defaultAliasesFile);
  const rows = result.rows as unknown as Record<string, unknown>[];
  if (format === "json") {
    const { bookSnapshot, momentumSnapshot, newest, rates } = result;
    process.stdout.write(
      JSON.stringify(
        {
          book_snapshot: bookSnapshot,
          github_snapshot: momentumSnapshot,
          newest,
          match_rates: rates,
          entries: rows,
        },
        null,
        2,
      ) + "\n",
    );
    return;
  }
  if (format === "csv") {
    process.stdout.write(toCsv(rows));
    return;
  }
  const unmatched = rows.filter((r) => r.match === "none");
  const rates = result.rates.map((r) => ({ ...r, rate: pct(r.rate) }));
  process.stdout.write(
    `The book's 2020 stack (tns_stack, tns_platforms) in the landscape: maturity in snapshot ` +
      `${result.bookSnapshot} and today (${result.newest}); GitHub stars, contributors and commits ` +
      `in the last 52 weeks of the open-source entries at ${result.momentumSnapshot ?? "(no processed snapshot ingested)"}.\n\n` +
      toTable(rows, TABLE, 40) +
      `\nMatch rate (entries matched to a landscape item, by name or reviewed alias)\n\n` +
      toTable(rates) +
      `\nUnmatched (${unmatched.length}), with the reviewed reason (data/tns-2020/aliases.yml)\n\n` +
      toTable(unmatched, ["book_name", "layer", "unmatched_kind", "reason"], 110),
  );
}
