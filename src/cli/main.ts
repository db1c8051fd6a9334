import { parseArgs } from "node:util";
import { CensusError } from "../errors.ts";
import { COMMANDS, commandUsage, overallUsage, parserOptions } from "./commands.ts";
import { terminalText, type OutputFormat } from "../render/output.ts";

/** A usage error: exit status 2, the command's own usage after the message. */
const usageError = (message: string, command?: string) =>
  new CensusError(`${message}\n\n${command ? commandUsage(command) : overallUsage()}`.trimEnd(), 2);

interface Parsed {
  command: string;
  values: Record<string, unknown>;
  positionals: string[];
  format: string | undefined;
}

/**
 * The command is the first argument; the rest is parsed with exactly that command's options
 * (src/cli/commands.ts), so a flag or an argument another command takes is refused, not ignored.
 */
function parse(argv: string[]): Parsed | undefined {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    const topic = command === "help" ? rest[0] : undefined;
    process.stdout.write(topic && COMMANDS[topic] ? commandUsage(topic) : overallUsage());
    return undefined;
  }
  const spec = COMMANDS[command];
  if (!spec) throw usageError(`unknown command: ${command}`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: parserOptions(spec),
    });
  } catch (e) {
    if (!(e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) throw e;
    // Node's message names the flag; say which command refused it and show what it takes.
    const message = (e as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
    throw usageError(
      `${command}: ${unknown ? `unknown option ${unknown}` : message.split("\n")[0]}`,
      command,
    );
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(commandUsage(command));
    return undefined;
  }
  if (positionals.length > spec.positionals.max)
    throw usageError(
      `${command}: unexpected argument ${JSON.stringify(positionals[spec.positionals.max])}` +
        (spec.positionals.max === 0 ? ` (${command} takes no arguments).` : "."),
      command,
    );
  if (positionals.length < spec.positionals.min)
    throw usageError(`${command}: missing ${spec.args ?? "argument"}.`, command);
  const format = (values.format as string | undefined) ?? spec.formats?.[0];
  if (spec.formats && !spec.formats.includes(format!))
    throw usageError(
      `invalid --format for ${command}: ${format} (use ${spec.formats.join(", ")})`,
      command,
    );
  return { command, values, positionals, format };
}

async function main(argv: string[]): Promise<void> {
  const parsed = parse(argv);
  if (!parsed) return;
  const { command, values, positionals: rest } = parsed;
  const format = parsed.format as OutputFormat;
  const str = (name: string) => values[name] as string | undefined;
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
        year: str("year"),
        segment: str("segment"),
        sample: str("sample"),
        svg: str("svg"),
      });
    case "verify":
      return (await import("./commands/verify.ts")).run(format);
    case "export": {
      const out = str("out");
      if (!out) throw usageError("export: --out <dir> is required.", "export");
      return (await import("./commands/export.ts")).run({ format: format as "parquet", out });
    }
    case "landscape": {
      const { run, landscapeOptions } = await import("./commands/landscape.ts");
      return run(landscapeOptions(values, rest), format);
    }
    case "crosstab":
      return (await import("./commands/crosstab.ts")).run(
        {
          question: rest[0],
          by: str("by"),
          year: str("year"),
          universe: str("universe"),
          where: values.where as string[] | undefined,
        },
        format,
      );
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
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
