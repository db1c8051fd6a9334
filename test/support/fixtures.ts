import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SurveySource } from "../../src/sources/sources.ts";
import { readSurveyFile, surveyFilePath } from "../../src/sources/survey-file.ts";
import { projectRoot } from "../../src/paths.ts";

export const fixture = (path: string) =>
  fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
export const fixtureBytes = (path: string) => readFileSync(fixture(path));

/**
 * A manifest entry for a fixture export read like a real source: `like` names the real source
 * whose survey file (data/surveys/<like>.yml: layout, encoding, repairs, screening, panel) it
 * shares. No expected shape: a fixture is not the pinned export.
 */
export function fixtureSource(file: string, year: number, like: string): SurveySource {
  const data = join(projectRoot, "data");
  const {
    source: _,
    expected: __,
    ...survey
  } = readSurveyFile(surveyFilePath(data, like), data, like);
  return {
    id: `fixture-${year}`,
    kind: "survey",
    ...survey,
    year,
    file,
    url: "https://example.invalid/fixture.csv",
    commit: "0".repeat(40),
    sha256: "0".repeat(64),
    bytes: 1,
    license: "test",
  };
}
