import { basename } from "node:path";
import { CensusError } from "../errors.ts";
import { databasePath } from "../paths.ts";
import { parse, usageError } from "./parse.ts";
import { terminalText, type OutputFormat } from "../render/output.ts";
import { endQuietlyOnClosedPipe } from "./closed-pipe.ts";

async function main(argv: string[]): Promise<void> {
  const parsed = parse(argv);
  if (!parsed) return;
  const { command, values, positionals: rest } = parsed;
  const format = parsed.format as OutputFormat;
  const str = (name: string) => values[name] as string | undefined;
  const list = (name: string) => values[name] as string[] | undefined;
  switch (command) {
    case "fetch":
      return (await import("./commands/fetch.ts")).run();
    case "ingest":
      return (await import("./commands/ingest.ts")).run();
    case "sql":
      return (await import("./commands/sql.ts")).run(rest, format, { timeout: str("timeout") });
    case "figures":
      return (await import("./commands/figures.ts")).run(format);
    case "questions": {
      const { run, questionsOptions } = await import("./commands/questions.ts");
      return run(questionsOptions(values, rest), format);
    }
    case "figure":
      return (await import("./commands/figure.ts")).run(rest[0], {
        format: format as "table",
        years: list("year"),
        segment: str("segment"),
        sample: str("sample"),
        svg: str("svg"),
        png: str("png"),
        provenance: str("provenance"),
      });
    case "quality":
      return (await import("./commands/quality.ts")).run(
        { check: str("check"), year: str("year"), by: str("by") },
        format,
      );
    case "weights":
      return (await import("./commands/weights.ts")).run(
        {
          question: rest[0],
          year: str("year"),
          weight: str("weight"),
          weightBy: str("weight-by"),
          sample: str("sample"),
          trim: str("trim"),
          weightsOut: str("weights-out"),
        },
        format,
      );
    case "tabs":
      return (await import("./commands/tabs.ts")).run({
        plan: rest[0],
        out: str("out"),
        format: str("format"),
      });
    case "verify":
      return (await import("./commands/verify.ts")).run(format);
    case "export": {
      const out = str("out");
      if (!out) throw usageError("export: --out <dir> is required.", "export");
      const weighting = { weight: str("weight"), weightBy: str("weight-by"), trim: str("trim") };
      if (values.labelled === true || str("year") !== undefined)
        return (await import("./commands/export-labelled.ts")).run({
          labelled: values.labelled === true,
          year: str("year"),
          format: str("format"),
          ...weighting,
          out,
        });
      return (await import("./commands/export.ts")).run({
        format: format as "parquet",
        out,
        ...weighting,
      });
    }
    case "landscape": {
      const { run, landscapeOptions } = await import("./commands/landscape.ts");
      return run(landscapeOptions(values, rest), format);
    }
    case "momentum":
      return (await import("./commands/momentum.ts")).run(
        {
          category: str("category"),
          subcategory: str("subcategory"),
          maturity: str("maturity"),
          search: str("search"),
          at: str("at"),
          from: str("from"),
          to: str("to"),
          sort: str("sort"),
          adoption: values.adoption === true,
        },
        format,
      );
    case "crosstab":
      return (await import("./commands/crosstab.ts")).run(
        {
          question: rest[0],
          by: str("by"),
          year: list("year"),
          universe: str("universe"),
          where: values.where as string[] | undefined,
          sample: str("sample"),
          valid: values.valid === true,
          comparable: values.comparable === true,
          adjust: str("adjust"),
          net: values.net as string[] | undefined,
          nets: values.nets === true,
          diffs: values.diffs === true,
          summary: values.summary === true,
          weight: str("weight"),
          weightBy: str("weight-by"),
          trim: str("trim"),
        },
        format,
        str("provenance"),
      );
  }
}

/**
 * A database that opened but fails while a query reads it (truncated past its metadata) is a
 * fact about the file, said as one; anything else unexpected keeps its stack for a bug report.
 */
async function asSentence(e: unknown): Promise<unknown> {
  const message = (e as Error)?.message ?? "";
  // Also a command's own wrapping ("the query failed: IO Error: …"): the cause is the file.
  const io = /IO Error: .*/.exec(message)?.[0];
  if (!io || !io.includes(basename(databasePath))) return e;
  // Loaded only here: DuckDB's binding is not needed to print a usage or a plain error.
  const { databaseReadError } = await import("../db/database-file.ts");
  const { REBUILD } = await import("../db/open.ts");
  return databaseReadError(databasePath, new Error(io), REBUILD) ?? e;
}

endQuietlyOnClosedPipe();
main(process.argv.slice(2)).catch(async (caught: unknown) => {
  const e = await asSentence(caught);
  if (e instanceof CensusError) {
    // The message may echo an argument or names from the data: never raw control characters.
    process.stderr.write(`kube-census: ${terminalText(e.message)}\n`);
    process.exitCode = e.exitCode;
  } else {
    process.stderr.write(
      `kube-census: unexpected error: ${terminalText(String((e as Error).stack ?? e))}\n`,
    );
    process.exitCode = 1;
  }
});
