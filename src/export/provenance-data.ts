import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { CONTENT_HASH_METHOD, contentHash } from "../db/content-hash.ts";
import { queryRows } from "../db/open.ts";
import { projectRoot } from "../paths.ts";
import type { SiteProvenance } from "../render/provenance.ts";

// The sources as ingest recorded them: the sha256 it read (checked against data/sources.json's
// pin before anything was built), the commit the URL is pinned to.
const SOURCES_SQL = `
SELECT id, kind, year, strftime(snapshot, '%Y-%m-%d') AS snapshot, file, url, "commit", sha256, bytes, license
FROM sources ORDER BY kind DESC, id`;
const WORDING_SQL = `
SELECT q.id, q.label, y.year, y.question_text
FROM codebook_questions q JOIN codebook_years y ON y.question = q.id
ORDER BY q.id, y.year, y.occurrence`;

/** The tool's name and version, from package.json. */
export async function toolVersion(): Promise<{ name: string; version: string }> {
  const pkg = JSON.parse(await readFile(join(projectRoot, "package.json"), "utf8"));
  return { name: String(pkg.name), version: String(pkg.version) };
}

/**
 * Everything a download's provenance draws on, read from the database once: the tool version,
 * the database's content hash, every source with its sha256 and commit, and every question's
 * wording per year. The site writes it for the browser (docs/data/generated/provenance.json,
 * and the parts each page needs inside its own files); the CLI's `--provenance` uses the same.
 */
export async function siteProvenance(conn: DuckDBConnection): Promise<SiteProvenance> {
  const sources = (await queryRows(conn, SOURCES_SQL)).map((s) => ({
    id: String(s.id),
    kind: String(s.kind),
    year: s.year === null ? null : Number(s.year),
    snapshot: s.snapshot === null ? null : String(s.snapshot),
    file: String(s.file),
    url: String(s.url),
    commit: String(s.commit),
    sha256: String(s.sha256),
    bytes: Number(s.bytes),
    license: String(s.license),
  }));
  const questions = new Map<string, SiteProvenance["questions"][number]>();
  for (const r of await queryRows(conn, WORDING_SQL)) {
    const id = String(r.id);
    const q = questions.get(id) ?? { id, label: String(r.label), wording: [] };
    // A question asked twice in one year (occurrence 2) keeps its first wording only.
    if (r.question_text !== null && !q.wording.some((w) => w.year === Number(r.year)))
      q.wording.push({ year: Number(r.year), text: String(r.question_text) });
    questions.set(id, q);
  }
  return {
    tool: await toolVersion(),
    database: { sha256: (await contentHash(conn)).sha256, method: CONTENT_HASH_METHOD },
    sources,
    questions: [...questions.values()],
  };
}
