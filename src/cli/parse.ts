/**
 * The command line, parsed against the command table (commands.ts): the command, its options'
 * values (each checked against its list where it has one), its arguments. Printing the help is
 * the one thing it does itself; everything else it refuses with exit status 2 and the usage.
 */
import { parseArgs } from "node:util";
import { CensusError, echoed } from "../errors.ts";
import { COMMANDS, commandOptions, commandUsage, overallUsage, parserOptions } from "./commands.ts";

/** A usage error: exit status 2, the command's own usage after the message. */
export const usageError = (message: string, command?: string) =>
  new CensusError(`${message}\n\n${command ? commandUsage(command) : overallUsage()}`.trimEnd(), 2);

export interface Parsed {
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
export function parse(argv: string[]): Parsed | undefined {
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
  checkChoices(command, values);
  const format = (values.format as string | undefined) ?? spec.formats?.[0];
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

/** Refuses a value outside an option's list (commands.ts), naming the list the help shows. */
function checkChoices(command: string, values: Record<string, unknown>): void {
  for (const [name, o] of commandOptions(COMMANDS[command]!)) {
    if (!o.choices) continue;
    for (const value of [values[name] ?? []].flat() as string[])
      if (!o.choices.includes(value))
        throw usageError(
          `invalid --${name} for ${command}: ${echoed(value)} (use ${o.choices.join(", ")})`,
          command,
        );
  }
}
