import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { fetchAll, mirrorsFromEnv } from "../../src/sources/fetch.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { loadSources } from "../../src/sources/sources.ts";
import { projectRoot, rawDir } from "../../src/paths.ts";
import { buildFixtureDatabase } from "./fixture-database.ts";
import { SITE_BUILT } from "./site-marker.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of a database ingested from the real sources, or "" when no mirror is set. */
    realDatabase: string;
    /** Path of a database ingested from the test fixtures: always built, mirror or not. */
    fixtureDatabase: string;
  }
}

/**
 * Builds the databases the tests share, in test-artifacts/: one from the test fixtures, always
 * (so the guards never skip), and one from the real exports when KUBE_CENSUS_MIRROR is set (as CI
 * sets it), fetched from the mirror into data/raw/.
 */
export default async function setup(project: TestProject): Promise<void> {
  // A new run rebuilds the site for its browser tests (test/support/site.ts builds it once).
  await rm(SITE_BUILT, { force: true });
  const dir = join(projectRoot, "test-artifacts");
  await mkdir(dir, { recursive: true });
  const fixtureDatabase = join(dir, "census-fixture.duckdb");
  await buildFixtureDatabase(fixtureDatabase);
  project.provide("fixtureDatabase", fixtureDatabase);
  const mirrors = mirrorsFromEnv();
  if (mirrors.length === 0) {
    project.provide("realDatabase", "");
    return;
  }
  const sources = await loadSources();
  await fetchAll(sources, { rawDir, mirrors, network: false });
  const databasePath = join(dir, "census-test.duckdb");
  await ingest({ sources, rawDir, databasePath });
  project.provide("realDatabase", databasePath);
}
