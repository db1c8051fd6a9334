import { readFile } from "node:fs/promises";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { CensusError } from "../errors.ts";

/** `aliases[3].why` → `aliases[3] (entry 4), field "why"`: where a problem is, in a reader's words. */
export function describePath(path: readonly PropertyKey[]): string {
  const [list, index, ...field] = path;
  if (typeof list === "string" && typeof index === "number") {
    const at = `${list}[${index}] (entry ${index + 1})`;
    return field.length ? `${at}, field "${field.join(".")}"` : at;
  }
  return path.length ? `field "${path.map(String).join(".")}"` : "(top level)";
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
  const doc = parseDocument(source);
  if (doc.errors.length > 0) {
    const lines = doc.errors.slice(0, 5).map((e) => `  ${e.message.split("\n")[0]}`);
    throw new CensusError(`${file}: not valid YAML:\n${lines.join("\n")}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // yaml refuses an alias bomb (aliases expanding exponentially) rather than exhaust memory.
    throw new CensusError(`${file}: not a usable YAML file (${(e as Error).message}).`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${describePath(i.path)}: ${i.message}`);
    throw new CensusError(`${file}: ${lines.length} invalid value(s):\n${lines.join("\n")}`);
  }
  return parsed.data;
}
