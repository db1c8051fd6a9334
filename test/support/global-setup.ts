import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { fetchAll, mirrorsFromEnv } from "../../src/loaders/fetch.ts";
import { ingest } from "../../src/loaders/ingest.ts";
import { loadSources } from "../../src/loaders/sources.ts";
import { projectRoot, rawDir } from "../../src/paths.ts";
import { SITE_BUILT } from "./site-marker.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of a database ingested from the real sources, or "" when no mirror is set. */
    realDatabase: string;
  }
}

/**
 * Builds one database from the real exports for every real-data test: fetched from the mirror in
 * KUBE_CENSUS_MIRROR (as CI sets it) into data/raw/, ingested into test-artifacts/.
 */
export default async function setup(project: TestProject): Promise<void> {
  // A new run rebuilds the site for its browser tests (test/support/site.ts builds it once).
  await rm(SITE_BUILT, { force: true });
  const mirrors = mirrorsFromEnv();
  if (mirrors.length === 0) {
    project.provide("realDatabase", "");
    return;
  }
  const sources = await loadSources();
  await fetchAll(sources, { rawDir, mirrors, network: false });
  const dir = join(projectRoot, "test-artifacts");
  await mkdir(dir, { recursive: true });
  const databasePath = join(dir, "census-test.duckdb");
  await ingest({ sources, rawDir, databasePath });
  project.provide("realDatabase", databasePath);
}
