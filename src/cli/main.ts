import { parseArgs } from "node:util";
import { CensusError } from "../errors.ts";
import type { OutputFormat } from "./output.ts";

const HELP = `kube-census — the cloud-native ecosystem, reproducible

Usage: kube-census <command> [options]

  fetch                      put every pinned source in data/raw/ (from KUBE_CENSUS_MIRROR folders or the network)
  ingest                     build data/census.duckdb from data/raw/
  sql "<query>"              run a read-only query
  figures                    list the figures
  questions                  the codebook's questions: --year, --search <text> (id, label, wording, answers);
                             --coverage (per export, closed questions asked vs mapped)
  figure <id>                one figure: --format table|json|csv|vega-lite, --year, --segment, --svg <file>,
                             --sample all|community|panel|split (2022's community and paid-panel parts)
  verify                     the reproduction scorecard: every number the book prints against the data
  export --out <dir>         harmonised tables, codebook and figures: --format parquet|csv
  landscape                  landscape items: --category, --subcategory, --maturity, --org, --search, --at <date>;
                             --count-by category|subcategory|maturity; --diff <date> <date>;
                             --book (the book's 2020 stack today); --adoption (survey use vs CNCF maturity)
  crosstab <question> --by <question|year>
                             a question's options by a single-choice question's (or the year's) columns, lettered
                             A, B, …: n, share, 95% CI, and z-tests between columns (Bonferroni per row, n ≥ 30);
                             --year, --universe respondents|k8s-users, --where question=option (repeatable, ANDed;
                             question=option=level for a matrix), --format table|json|csv

Options:
  --format <format>          output format (default: table; export: parquet)
  -h, --help                 this help
`;

/** Formats each command accepts; the first is its default. */
const FORMATS: Record<string, string[]> = {
  sql: ["table", "csv", "json"],
  figures: ["table", "csv", "json"],
  questions: ["table", "csv", "json"],
  figure: ["table", "json", "csv", "vega-lite"],
  verify: ["table", "csv", "json"],
  export: ["parquet", "csv"],
  landscape: ["table", "csv", "json"],
  crosstab: ["table", "json", "csv"],
};

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: "string" },
      year: { type: "string" },
      segment: { type: "string" },
      sample: { type: "string" },
      svg: { type: "string" },
      out: { type: "string" },
      category: { type: "string" },
      subcategory: { type: "string" },
      maturity: { type: "string" },
      org: { type: "string" },
      search: { type: "string" },
      at: { type: "string" },
      "count-by": { type: "string" },
      diff: { type: "string", multiple: true },
      book: { type: "boolean" },
      adoption: { type: "boolean" },
      coverage: { type: "boolean" },
      by: { type: "string" },
      universe: { type: "string" },
      where: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return;
  }
  const allowed = FORMATS[command];
  const format = values.format ?? allowed?.[0];
  if (allowed && !allowed.includes(format!))
    throw new CensusError(
      `invalid --format for ${command}: ${format} (use ${allowed.join(", ")})`,
      2,
    );
  switch (command) {
    case "fetch":
      return (await import("./commands/fetch.ts")).run();
    case "ingest":
      return (await import("./commands/ingest.ts")).run();
    case "sql":
      return (await import("./commands/sql.ts")).run(rest, format as OutputFormat);
    case "figures":
      return (await import("./commands/figures.ts")).run(format as OutputFormat);
    case "questions": {
      const { run, questionsOptions } = await import("./commands/questions.ts");
      return run(
        questionsOptions(
          { year: values.year, search: values.search, coverage: values.coverage },
          rest,
        ),
        format as OutputFormat,
      );
    }
    case "figure":
      return (await import("./commands/figure.ts")).run(rest[0], {
        format: format as "table",
        year: values.year,
        segment: values.segment,
        sample: values.sample,
        svg: values.svg,
      });
    case "verify":
      return (await import("./commands/verify.ts")).run(format as OutputFormat);
    case "export": {
      if (!values.out)
        throw new CensusError("Usage: kube-census export --out <dir> [--format parquet|csv]", 2);
      return (await import("./commands/export.ts")).run({
        format: format as "parquet",
        out: values.out,
      });
    }
    case "landscape": {
      const { run, landscapeOptions } = await import("./commands/landscape.ts");
      return run(landscapeOptions(values, rest), format as OutputFormat);
    }
    case "crosstab":
      return (await import("./commands/crosstab.ts")).run(
        {
          question: rest[0],
          by: values.by,
          year: values.year,
          universe: values.universe,
          where: values.where,
        },
        format as OutputFormat,
      );
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
