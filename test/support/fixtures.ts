import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { SurveySource } from "../../src/sources/sources.ts";

export const fixture = (path: string) =>
  fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
export const fixtureBytes = (path: string) => readFileSync(fixture(path));

/** A manifest entry for a fixture export, as data/sources.json would hold it. */
export function fixtureSource(
  file: string,
  year: number,
  format: SurveySource["format"],
): SurveySource {
  return {
    id: `fixture-${year}`,
    kind: "survey",
    year,
    format,
    file,
    url: "https://example.invalid/fixture.csv",
    commit: "0".repeat(40),
    sha256: "0".repeat(64),
    bytes: 1,
    license: "test",
  };
}
