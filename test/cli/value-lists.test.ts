import { describe, expect, it } from "vitest";
import { COMMANDS, commandOptions, commandUsage } from "../../src/cli/commands.ts";
import { parse } from "../../src/cli/parse.ts";
import { CensusError } from "../../src/errors.ts";

/** Every option with a fixed list of values, with the list its help shows. */
const listed = Object.entries(COMMANDS).flatMap(([command, spec]) =>
  commandOptions(spec)
    .filter(([, o]) => o.choices)
    .map(([name]) => {
      const line = commandUsage(command)
        .split("\n")
        .find((l) => l.trimStart().startsWith(`--${name} `));
      const shown = /<([^>]+)>/.exec(line ?? "")?.[1]?.split("|") ?? [];
      return { command, name, shown, spec };
    }),
);

/** The command line for one value: the command's required arguments, then the option. */
const argv = (command: string, name: string, value: string) => [
  command,
  ...Array<string>(COMMANDS[command]!.positionals.min).fill("SELECT 1"),
  `--${name}`,
  value,
];

const refusal = (args: string[]) => {
  try {
    parse(args);
  } catch (e) {
    return e as CensusError;
  }
  return undefined;
};

describe("value lists: the help shows exactly what the parser accepts", () => {
  it("covers the lists the issue names (and every --format)", () => {
    const names = new Set(listed.map((l) => `${l.command} --${l.name}`));
    for (const n of [
      "landscape --count-by",
      "landscape --maturity",
      "figure --sample",
      "crosstab --sample",
      "crosstab --universe",
      "crosstab --adjust",
      "quality --check",
      "quality --by",
      ...Object.entries(COMMANDS)
        .filter(([, s]) => s.formats)
        .map(([c]) => `${c} --format`),
    ])
      expect(names, n).toContain(n);
  });

  it.each(listed.map((l) => [`${l.command} --${l.name}`, l] as const))(
    "%s",
    (_, { command, name, shown }) => {
      expect(shown.length).toBeGreaterThan(0);
      // every value the help shows parses, and arrives as given
      for (const value of shown)
        expect(parse(argv(command, name, value))?.values[name]).toBe(value);
      // anything else is refused with exit 2, naming the same list as the help
      const others = new Set(listed.flatMap((l) => l.shown).filter((v) => !shown.includes(v)));
      for (const value of [...others, `${shown[0]}x`, shown[0]!.toUpperCase(), " "]) {
        if (value.trim() === "") continue;
        if (shown.includes(value)) continue;
        const e = refusal(argv(command, name, value));
        expect(e, `${command} --${name} ${value}`).toBeInstanceOf(CensusError);
        expect(e!.exitCode).toBe(2);
        expect(e!.message).toContain(`invalid --${name} for ${command}:`);
        expect(e!.message).toContain(`(use ${shown.join(", ")})`);
      }
    },
  );
});
