import type { DuckDBConnection } from "@duckdb/node-api";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { appendRows } from "../db/append.ts";
import { CensusError } from "../errors.ts";
import { dataDir as defaultDataDir } from "../paths.ts";
import { PublishedClaimsFile, type PublishedClaim } from "./published.ts";
import { TnsLayersFile, TnsPlatformsFile, type TnsPlatform, type TnsStackRow } from "./tns-2020.ts";

/** `rows[3].cncf_status` → `rows[3] (entry 4), field "cncf_status"`: the index a reader counts from 1 too. */
function describePath(path: readonly PropertyKey[]): string {
  const [list, index, ...field] = path;
  if (typeof list === "string" && typeof index === "number") {
    const at = `${list}[${index}] (entry ${index + 1})`;
    return field.length ? `${at}, field "${field.join(".")}"` : at;
  }
  return path.length ? `field "${path.map(String).join(".")}"` : "(top level)";
}

/** Reads a YAML facts file and validates it whole; every problem is reported at once. */
async function readFacts<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>> {
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
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${describePath(i.path)}: ${i.message}`);
    throw new CensusError(`${file}: ${lines.length} invalid value(s):\n${lines.join("\n")}`);
  }
  return parsed.data;
}

function rejectDuplicates(file: string, list: string, keys: string[]): void {
  const seen = new Map<string, number>();
  const problems: string[] = [];
  keys.forEach((key, i) => {
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else problems.push(`  ${list}[${i}] (entry ${i + 1}): "${key}" repeats ${list}[${first}]`);
  });
  if (problems.length) throw new CensusError(`${file}: duplicate entries:\n${problems.join("\n")}`);
}

/** The chapter-2 vendor table rows of data/tns-2020/layers.yml. */
export async function readTnsStack(
  file = join(defaultDataDir, "tns-2020", "layers.yml"),
): Promise<TnsStackRow[]> {
  const { rows } = await readFacts(file, TnsLayersFile);
  rejectDuplicates(
    file,
    "rows",
    rows.map((r) => `${r.layer} row ${r.row}`),
  );
  return rows;
}

/** The platform and managed-service lists of data/tns-2020/platforms.yml. */
export async function readTnsPlatforms(
  file = join(defaultDataDir, "tns-2020", "platforms.yml"),
): Promise<TnsPlatform[]> {
  const { entries } = await readFacts(file, TnsPlatformsFile);
  rejectDuplicates(
    file,
    "entries",
    entries.map((e) => `${e.list}: ${e.name}`),
  );
  return entries;
}

/** The printed survey numbers of data/published/claims.yml. */
export async function readPublishedClaims(
  file = join(defaultDataDir, "published", "claims.yml"),
): Promise<PublishedClaim[]> {
  const { claims } = await readFacts(file, PublishedClaimsFile);
  rejectDuplicates(
    file,
    "claims",
    claims.map((c) => c.id),
  );
  return claims;
}

const SCHEMA = `
CREATE OR REPLACE TABLE tns_stack (
  layer VARCHAR NOT NULL, table_row INTEGER NOT NULL,
  kind VARCHAR NOT NULL CHECK (kind IN ('commercial', 'open source')),
  name VARCHAR NOT NULL, vendor VARCHAR, cncf_status_2020 VARCHAR, "where" VARCHAR NOT NULL);
CREATE OR REPLACE TABLE tns_platforms (
  list VARCHAR NOT NULL, name VARCHAR NOT NULL, vendor VARCHAR, "where" VARCHAR NOT NULL, note VARCHAR);
CREATE OR REPLACE TABLE published_claims (
  id VARCHAR PRIMARY KEY, figure VARCHAR NOT NULL, year INTEGER NOT NULL,
  segment VARCHAR NOT NULL, category VARCHAR NOT NULL, measure VARCHAR NOT NULL,
  value DOUBLE NOT NULL, qualifier VARCHAR NOT NULL, printed VARCHAR NOT NULL, n INTEGER,
  "where" VARCHAR NOT NULL, note VARCHAR NOT NULL);
`;

const INSERT_CLAIM = `
INSERT INTO published_claims VALUES
  ($id, $figure, $year, $segment, $category, $measure, $value, $qualifier, $printed, $n, $where, $note)`;

/** Splits a printed table row into its commercial and open source entries (one row, up to two entries). */
function stackEntries(r: TnsStackRow): (string | number | null)[][] {
  const out: (string | number | null)[][] = [];
  if (r.commercial !== undefined)
    out.push([r.layer, r.row, "commercial", r.commercial, r.vendor ?? null, null, r.where]);
  if (r.open_source !== undefined)
    out.push([r.layer, r.row, "open source", r.open_source, null, r.cncf_status ?? null, r.where]);
  return out;
}

/**
 * Loads the book's facts (vendor tables, platform lists, printed survey numbers) into `tns_stack`,
 * `tns_platforms` and `published_claims`, replacing earlier copies; returns the row counts.
 */
export async function loadBookFacts(
  conn: DuckDBConnection,
  dataDir: string = defaultDataDir,
): Promise<{ stack: number; platforms: number; claims: number }> {
  const [rows, platforms, claims] = await Promise.all([
    readTnsStack(join(dataDir, "tns-2020", "layers.yml")),
    readTnsPlatforms(join(dataDir, "tns-2020", "platforms.yml")),
    readPublishedClaims(join(dataDir, "published", "claims.yml")),
  ]);
  await conn.run(SCHEMA);
  const stack = await appendRows(conn, "tns_stack", rows.flatMap(stackEntries));
  const platformCount = await appendRows(
    conn,
    "tns_platforms",
    platforms.map((p) => [p.list, p.name, p.vendor, p.where, p.note ?? null]),
  );
  // The appender helper writes numbers as integers; a claim's value is fractional, so bind it.
  for (const c of claims) await conn.run(INSERT_CLAIM, { ...c });
  return { stack, platforms: platformCount, claims: claims.length };
}
