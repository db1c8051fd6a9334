import type { DuckDBConnection } from "@duckdb/node-api";
import { join } from "node:path";
import { appendRows } from "../../db/append.ts";
import { CensusError } from "../../errors.ts";
import { dataDir as defaultDataDir } from "../../paths.ts";
import { readYamlFile } from "../read-yaml.ts";
import { PublishedClaimsFile, type PublishedClaim } from "./published.ts";
import { TnsLayersFile, TnsPlatformsFile, type TnsPlatform, type TnsStackRow } from "./tns-2020.ts";
import { BOOK_SCHEMA } from "../../db/schema.ts";

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
  const { rows } = await readYamlFile(file, TnsLayersFile);
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
  const { entries } = await readYamlFile(file, TnsPlatformsFile);
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
  const { claims } = await readYamlFile(file, PublishedClaimsFile);
  rejectDuplicates(
    file,
    "claims",
    claims.map((c) => c.id),
  );
  return claims;
}

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
  await conn.run(BOOK_SCHEMA);
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
