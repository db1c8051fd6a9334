import { readFile } from "node:fs/promises";
import jsyaml from "js-yaml";
import type { z } from "zod";
import { CensusError } from "../errors.ts";
import { schemaFor } from "./yaml-schemas.ts";

/** `aliases[3].why` → `aliases[3] (entry 4), field "why"`: where a problem is, in a reader's words. */
export function describePath(path: readonly PropertyKey[]): string {
  const [list, index, ...field] = path;
  if (typeof list === "string" && typeof index === "number") {
    const at = `${list}[${index}] (entry ${index + 1})`;
    return field.length ? `${at}, field "${field.join(".")}"` : at;
  }
  return path.length ? `field "${path.map(String).join(".")}"` : "(top level)";
}

/**
 * How many values aliases may add to a document beyond those its text writes. js-yaml does not
 * copy an alias's value, it points at it, so an alias bomb (nine levels of ten aliases: 10^9
 * values) parses in microseconds — and would then exhaust memory in whatever walks the value
 * (zod, JSON.stringify). The committed files and the snapshots use no aliases at all.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/**
 * Values the document holds once every alias is expanded, less those written in its text, by
 * one walk that visits each mapping and list once (a shared one's size is remembered). Throws on
 * an alias to its own ancestor: the value would be infinite.
 */
function aliasExpansion(root: unknown): number {
  const size = new Map<object, number>();
  const open = new Set<object>();
  let written = 0;
  const walk = (value: unknown): number => {
    if (value === null || typeof value !== "object" || value instanceof Date) return 1;
    const known = size.get(value);
    if (known !== undefined) return known;
    if (open.has(value)) throw new Error("an alias refers to a mapping or list that contains it");
    open.add(value);
    const children = Object.values(value);
    written += children.length;
    let n = 1;
    for (const child of children) n += walk(child);
    open.delete(value);
    size.set(value, n);
    return n;
  };
  return walk(root) - 1 - written;
}

/**
 * Whether a YAML text may hold an anchor: an `&` where a node's properties can start (a line's
 * start, after white space, a flow indicator, `:`, `?` or `-`) followed by an anchor name's first
 * character. An alias needs an anchor (js-yaml refuses one without), so a text without one holds
 * no alias. why: the alias walk below visits every value, 15–20% of parsing a landscape snapshot,
 * and no real file has an anchor (a URL's `?a=1&b=2`, a description's "R & D" are none). Errs
 * towards yes: a quoted "x &y" only costs the walk.
 */
export const mayHoldAliases = (text: string) => /(?:^|[\s[\]{},:?-])&[^\s[\]{},]/m.test(text);

/**
 * Parses one YAML document with js-yaml, under the rules of the YAML version its header names
 * (see `yaml-schemas.ts`). A syntax error, a second document or an alias bomb throws a
 * CensusError naming `file`, the line and column, and ending with `advice` (what to do).
 */
export function parseYaml(text: string, file: string, advice: string): unknown {
  let value: unknown;
  try {
    value = jsyaml.load(text, { schema: schemaFor(text), filename: file });
  } catch (e) {
    if (!(e instanceof jsyaml.YAMLException)) throw e;
    const at = e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : "";
    const snippet = e.mark?.snippet ? `\n${e.mark.snippet}` : "";
    throw new CensusError(`${file}: not valid YAML${at}: ${e.reason}.${snippet}\n${advice}`);
  }
  if (!mayHoldAliases(text)) return value;
  let added: number;
  try {
    added = aliasExpansion(value);
  } catch (e) {
    throw new CensusError(`${file}: not a usable YAML file (${(e as Error).message}). ${advice}`);
  }
  if (added > MAX_ALIAS_EXPANSION)
    throw new CensusError(
      `${file}: not a usable YAML file (Excessive alias count: its aliases would add ` +
        `${added.toLocaleString("en-US")} values, more than ${MAX_ALIAS_EXPANSION.toLocaleString("en-US")}; ` +
        `a resource exhaustion attack, or aliases meant as copies). ${advice}`,
    );
  return value;
}

/** Reads a committed YAML facts file and validates it whole; every problem is reported at once. */
export async function readYamlFile<S extends z.ZodType>(
  file: string,
  schema: S,
): Promise<z.infer<S>> {
  let source: string;
  try {
    source = await readFile(file, "utf8");
  } catch (e) {
    throw new CensusError(`${file}: cannot read (${(e as Error).message}).`);
  }
  const value = parseYaml(source, file, "Fix the file (it is committed to the repository).");
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${describePath(i.path)}: ${i.message}`);
    throw new CensusError(`${file}: ${lines.length} invalid value(s):\n${lines.join("\n")}`);
  }
  return parsed.data;
}
