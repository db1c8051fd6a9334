import { parseArgs } from "node:util";
import { CensusError } from "../errors.ts";
import type { OutputFormat } from "./output.ts";

const HELP = `kube-census — the cloud-native ecosystem, reproducible

Usage: kube-census <command> [options]

  fetch                      put every pinned source in data/raw/ (from KUBE_CENSUS_MIRROR folders or the network)
  ingest                     build data/census.duckdb from data/raw/
  sql "<query>"              run a read-only query (--format table|csv|json)

Options:
  --format table|csv|json    output format (default: table)
  -h, --help                 this help
`;

const FORMATS = ["table", "csv", "json"];

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: "string", default: "table" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return;
  }
  if (!FORMATS.includes(values.format!))
    throw new CensusError(`invalid --format: ${values.format} (use ${FORMATS.join(", ")})`);
  const format = values.format as OutputFormat;
  switch (command) {
    case "fetch":
      return (await import("./commands/fetch.ts")).run();
    case "ingest":
      return (await import("./commands/ingest.ts")).run();
    case "sql":
      return (await import("./commands/sql.ts")).run(rest, format);
    default:
      throw new CensusError(`unknown command: ${command}\n\n${HELP}`, 2);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof CensusError) {
    process.stderr.write(`kube-census: ${e.message}\n`);
    process.exitCode = e.exitCode;
  } else if (
    e instanceof TypeError &&
    (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
  ) {
    process.stderr.write(`kube-census: ${e.message}\n\n${HELP}`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`kube-census: unexpected error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  }
});
