import { parseArgs } from "node:util";
import { basename } from "node:path";
import { CensusError, echoed } from "../errors.ts";
import { databasePath } from "../paths.ts";
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
 * An argument that starts with a dash but cannot be a flag, because its name would hold a space or
 * a newline: a query pasted with a leading `-- comment` line. Node's parser would refuse it as an
 * unknown option, so it is set aside before parsing and put back as the argument it is.
 */
const NOT_A_FLAG = /^--?[^=\s]*\s/;

/** Argument i, set aside: argv can never hold a NUL, so this cannot collide with a real one. */
const setAside = (i: number) => `\u0000${i}`;

/**
 * The command is the first argument; the rest is parsed with exactly that command's options
 * (src/cli/commands.ts), so a flag or an argument another command takes is refused, not ignored;
 * so is a single-valued option given twice (which value was meant?) and an empty value.
 */
function parse(argv: string[]): Parsed | undefined {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    const topic = command === "help" ? rest[0] : undefined;
    process.stdout.write(topic && COMMANDS[topic] ? commandUsage(topic) : overallUsage());
    return undefined;
  }
  const spec = COMMANDS[command];
  if (!spec) throw usageError(`unknown command: ${echoed(command)}`);
  const args = rest.map((a, i) => (NOT_A_FLAG.test(a) ? setAside(i) : a));
  const restore = <T>(v: T) =>
    typeof v === "string" && v.startsWith("\u0000") ? rest[Number(v.slice(1))]! : v;
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      tokens: true,
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
  const positionals = parsed.positionals.map(restore);
  const values: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(parsed.values))
    values[name] = Array.isArray(v) ? v.map(restore) : restore(v);
  if (values.help) {
    process.stdout.write(commandUsage(command));
    return undefined;
  }
  checkValues(command, parsed.tokens, values);
  if (positionals.length > spec.positionals.max)
    throw usageError(
      `${command}: unexpected argument ${JSON.stringify(echoed(positionals[spec.positionals.max]!))}` +
        (spec.positionals.max === 0 ? ` (${command} takes no arguments).` : "."),
      command,
    );
  if (positionals.length < spec.positionals.min)
    throw usageError(`${command}: missing ${spec.args ?? "argument"}.`, command);
  const format = (values.format as string | undefined) ?? spec.formats?.[0];
  if (spec.formats && !spec.formats.includes(format!))
    throw usageError(
      `invalid --format for ${command}: ${echoed(format!)} (use ${spec.formats.join(", ")})`,
      command,
    );
  return { command, values, positionals, format };
}

/**
 * Refuses a single-valued option given twice (parseArgs would keep the last and drop the other
 * silently) and an empty or blank value (`--year ""` would otherwise mean "no filter").
 */
function checkValues(
  command: string,
  tokens: { kind: string; name?: string }[],
  values: Record<string, unknown>,
): void {
  const spec = COMMANDS[command]!;
  const seen = new Map<string, number>();
  for (const t of tokens)
    if (t.kind === "option" && t.name !== "help") seen.set(t.name!, (seen.get(t.name!) ?? 0) + 1);
  for (const [name, times] of seen)
    if (times > 1 && !spec.options[name]?.multiple)
      throw usageError(
        `${command}: --${name} given ${times} times; it takes one value (which one was meant?).`,
        command,
      );
  for (const [name, v] of Object.entries(values))
    for (const value of Array.isArray(v) ? v : [v])
      if (typeof value === "string" && value.trim() === "")
        throw usageError(
          `${command}: --${name} is empty; give it a value or leave it out.`,
          command,
        );
}

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
          year: list("year"),
          universe: str("universe"),
          where: values.where as string[] | undefined,
          sample: str("sample"),
          valid: values.valid === true,
          comparable: values.comparable === true,
          adjust: str("adjust"),
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
