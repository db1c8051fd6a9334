import jsyaml from "js-yaml";

// The scalar rules the `yaml` package applied before js-yaml replaced it (its parse was ~94% of a
// landscape snapshot's ingest, ~10× js-yaml's): YAML 1.2's core schema by default, YAML 1.1's
// under a `%YAML 1.1` header. js-yaml's own schemas differ on the edges (its core reads `0b101`
// and `1_000` as numbers, its default schema reads every unquoted date as a Date), so the rules
// are restated here, regex for regex, in the `yaml` package's order: the first type whose
// pattern matches a plain scalar decides it. `test/ingest/read-yaml.test.ts` parses every YAML
// file of the repository and the snapshots with both and requires the same values.

type Rule = readonly [test: RegExp, construct: (text: string) => unknown];

/**
 * One implicit type per tag: js-yaml keeps only the last type given for a tag, so a tag's
 * patterns (decimal, octal, hex… integers) are one type that tries them in order.
 */
const scalar = (tag: string, ...rules: Rule[]): jsyaml.Type =>
  new jsyaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: "scalar",
    resolve: (text: string | null) => rules.some(([test]) => test.test(text ?? "")),
    construct: (text: string | null) => {
      const rule = rules.find(([test]) => test.test(text ?? ""));
      return rule ? rule[1](text ?? "") : text;
    },
  });

// @types/js-yaml leaves out the `types` js-yaml 4 exports (its built-in types, for custom schemas).
const builtIn = (jsyaml as unknown as { types: Record<string, jsyaml.Type> }).types;

const nullType = scalar("null", [/^(?:~|[Nn]ull|NULL)?$/, () => null]);
const notANumber = (text: string) =>
  text.slice(-3).toLowerCase() === "nan"
    ? Number.NaN
    : text[0] === "-"
      ? Number.NEGATIVE_INFINITY
      : Number.POSITIVE_INFINITY;
const floatNaN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** YAML 1.2 core: `true`/`false`, decimal, `0o` octal and `0x` hex integers, floats. */
export const YAML_1_2 = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    nullType,
    scalar("bool", [/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (t) => t[0] === "t" || t[0] === "T"]),
    scalar(
      "int",
      [/^0o[0-7]+$/, (t) => parseInt(t.slice(2), 8)],
      [/^[-+]?[0-9]+$/, (t) => parseInt(t, 10)],
      [/^0x[0-9a-fA-F]+$/, (t) => parseInt(t.slice(2), 16)],
    ),
    scalar(
      "float",
      [floatNaN, notANumber],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, parseFloat],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, parseFloat],
    ),
  ],
});

/** A YAML 1.1 integer: sign, then digits in `radix` after `skip` prefix characters, `_` ignored. */
function int11(text: string, skip: number, radix: number): number {
  const sign = text[0] === "-" || text[0] === "+" ? 1 : 0;
  const n = parseInt(text.slice(sign + skip).replace(/_/g, ""), radix);
  return text[0] === "-" ? -n : n;
}

/** `190:20:30` = 190 × 3600 + 20 × 60 + 30: YAML 1.1's base-60 numbers. */
function sexagesimal(text: string): number {
  const sign = text[0] === "-" || text[0] === "+" ? 1 : 0;
  const n = text
    .slice(sign)
    .replace(/_/g, "")
    .split(":")
    .reduce((sum, part) => sum * 60 + Number(part), 0);
  return text[0] === "-" ? -n : n;
}

const TIMESTAMP = new RegExp(
  "^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})" +
    "(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)" +
    "(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$",
);

/** A YAML 1.1 timestamp as a Date: UTC when no zone is given, midnight when no time. */
function timestamp(text: string): Date {
  const m = TIMESTAMP.exec(text)!;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((p) => Number(p ?? 0));
  const ms = m[7] ? Number(`${m[7]}00`.slice(1, 4)) : 0;
  let time = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, ms);
  const zone = m[8];
  if (zone && zone !== "Z") {
    let offset = sexagesimal(zone);
    if (Math.abs(offset) < 30) offset *= 60;
    time -= 60000 * offset;
  }
  return new Date(time);
}

/**
 * YAML 1.1 (a file that says `%YAML 1.1`): `yes`/`no`/`on`/`off` booleans, `0`-prefixed octal,
 * `0b` binary, base-60 numbers, `_` in numbers, timestamps as Dates, `<<` merge keys, and the
 * `!!binary`, `!!omap`, `!!pairs`, `!!set` tags.
 */
export const YAML_1_1 = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    nullType,
    scalar(
      "bool",
      [/^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, () => true],
      [/^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/, () => false],
    ),
    // Base-60 last, as in the `yaml` package: no other pattern of the tag allows a colon.
    scalar(
      "int",
      [/^[-+]?0b[0-1_]+$/, (t) => int11(t, 2, 2)],
      [/^[-+]?0[0-7_]+$/, (t) => int11(t, 1, 8)],
      [/^[-+]?[0-9][0-9_]*$/, (t) => int11(t, 0, 10)],
      [/^[-+]?0x[0-9a-fA-F_]+$/, (t) => int11(t, 2, 16)],
      [/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/, sexagesimal],
    ),
    scalar(
      "float",
      [floatNaN, notANumber],
      [
        /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
        (t) => parseFloat(t.replace(/_/g, "")),
      ],
      [/^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/, (t) => parseFloat(t.replace(/_/g, ""))],
      [/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/, sexagesimal],
    ),
    builtIn.merge!,
    scalar("timestamp", [TIMESTAMP, timestamp]),
  ],
  explicit: [builtIn.binary!, builtIn.omap!, builtIn.pairs!, builtIn.set!],
});

/**
 * The schema a document's header asks for: YAML 1.1's under a `%YAML 1.1` (or 1.0) directive,
 * else 1.2's. Directives come only before the document's first content, after blank and comment
 * lines, so only those lines are looked at.
 */
export function schemaFor(text: string): jsyaml.Schema {
  for (const match of text.matchAll(/^[^\n]*/gm)) {
    const line = match[0].replace(/\r$/, "");
    if (/^\s*(?:#.*)?$/.test(line)) continue;
    const version = /^%YAML[ \t]+1\.([0-9]+)(?:[ \t]|#|$)/.exec(line);
    if (version) return Number(version[1]) < 2 ? YAML_1_1 : YAML_1_2;
    if (!line.startsWith("%")) return YAML_1_2;
  }
  return YAML_1_2;
}
