// The floor of a cold CLI call (bench/cold-cli.ts): a bare Node process that loads
// @duckdb/node-api, opens the census database read-only, runs one query and prints its rows.
// Everything a kube-census command does beyond this is its own cost.
import { DuckDBInstance } from "@duckdb/node-api";

const instance = await DuckDBInstance.create(process.argv[2], { access_mode: "READ_ONLY" });
const conn = await instance.connect();
const reader = await conn.runAndReadAll(
  "SELECT year, count(*) AS respondents FROM respondents GROUP BY year ORDER BY year",
);
process.stdout.write(`${JSON.stringify(reader.getRowObjectsJson())}\n`);
conn.closeSync();
instance.closeSync();
