import type { LandscapeSource, Source } from "../../src/sources/sources.ts";
import { UNPINNED_SHA256 } from "../../src/sources/sources.ts";
import { loadCodebook } from "../../src/ingest/codebook/codebook.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { fixture, fixtureSource } from "./fixtures.ts";

/** The questions `figures-2019.csv` answers: every figure computes from them (figures.test.ts). */
export const FIXTURE_QUESTIONS = [
  "org_size",
  "containers",
  "k8s_clusters",
  "challenges",
  "storage",
  "service_mesh",
  "ingress",
  "container_management",
  "cncf_projects",
];

/** The landscape snapshots of test/fixtures/landscape-query/. */
export const FIXTURE_SNAPSHOTS = ["2019-12-31", "2020-07-31", "2024-12-31"];

const landscapeSource = (snapshot: string): LandscapeSource => ({
  id: `fixture-landscape-${snapshot}`,
  kind: "landscape",
  snapshot,
  file: `landscape-query/${snapshot}.yml`,
  url: "https://example.invalid/landscape.yml",
  commit: "0".repeat(40),
  sha256: UNPINNED_SHA256,
  bytes: 1,
  license: "test",
});

/**
 * A whole census database built by the real `ingest` from files written for the tests — the
 * hand-checked 2019 export, three landscape snapshots and the book's committed tables — so the
 * guards that need a database (sql refusals, export, scorecard, adoption, interrupted commands)
 * run on every machine, with or without the data mirror.
 */
export async function buildFixtureDatabase(
  databasePath: string,
  /** Where the book's committed tables are read (default data/): a test can hold the ingest there. */
  bookDir?: string,
): Promise<void> {
  const questions = (await loadCodebook()).filter((q) => FIXTURE_QUESTIONS.includes(q.id));
  const sources: Source[] = [
    fixtureSource("surveys/figures-2019.csv", 2019, "survey-2019"),
    ...FIXTURE_SNAPSHOTS.map(landscapeSource),
  ];
  // The codebook is cut to the figures' questions: no coverage floor (data/surveys/coverage.yml).
  const minCoverage = 0;
  await ingest({
    sources,
    rawDir: fixture(""),
    databasePath,
    questions,
    bookDir,
    minCoverage,
    log: () => {},
  });
}
