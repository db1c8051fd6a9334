import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCodeFrame, type CodeFrame } from "../../src/ingest/survey/code-frame.ts";
import { loadSurvey } from "../../src/ingest/survey/survey.ts";
import { readSurveyFile } from "../../src/sources/survey-file.ts";
import type { SurveySource } from "../../src/sources/sources.ts";
import { fixture, fixtureBytes, fixtureSource } from "../support/fixtures.ts";

// test/fixtures/year-2023: a coded year whose frame renumbers 2022's codes (README there).
const FILE = "year-2023/coded-2023.csv";
const own = (): SurveySource => {
  const { source: _, ...survey } = readSurveyFile(
    fixture("year-2023/survey-2023.yml"),
    join(fixture("year-2023"), ".."),
    "survey-2023",
  );
  return { ...fixtureSource(FILE, 2023, "survey-2022"), ...survey, expected: undefined };
};
let frame: CodeFrame;
beforeAll(async () => {
  frame = await loadCodeFrame(fixture("year-2023/frame-2023.yml"));
});
const load = (source: SurveySource) => loadSurvey(fixtureBytes(FILE), source, [], { frame });

describe("screening and panel read from the survey file", () => {
  it("applies the source's own rules in order and marks its own collectors as the panel", () => {
    const s = load(own());
    expect(s.screening!.map((r) => [r.rule, r.removed])).toEqual([
      ["not-a-person", 2],
      ["no-organization", 2],
      ["incomplete", 1],
    ]);
    expect(s.sample!.filter((r) => r.excluded === null)).toHaveLength(5);
    expect(s.sample!.map((r) => r.panel)).toEqual([
      true,
      true,
      false,
      false,
      false,
      true,
      false,
      true,
      false,
      true,
    ]);
  });

  it("refuses another year's rules whose codes mean something else in this frame", () => {
    // 2022's not-a-person rule reads Q2 code 1 ("I'm just lines of code" there); in 2023's frame
    // Q2 is organization size, and code 1 "10 or less".
    const with2022 = { ...own(), screening: fixtureSource(FILE, 2023, "survey-2022").screening };
    expect(() => load(with2022)).toThrow(
      /coded-2023\.csv: screening rule not-a-person \(data\/surveys\/fixture-2023\.yml\) expects Q2 code 1 to be "I'm just lines of code", the code frame says "10 or less"\. Fix the rule's codes or labels/,
    );
  });

  it("refuses a rule on a question the export has no column for, rather than screen everyone out", () => {
    const rules = own().screening;
    const missing = { ...own(), screening: [{ ...rules[2]!, question: 9 }] };
    expect(() => load(missing)).toThrow(
      /screening rule incomplete .* reads Q9, which the export has no column for/,
    );
  });

  it("leaves the panel unknown (null) where the survey file names no collector", () => {
    const s = load({ ...own(), panel: undefined });
    expect(new Set(s.sample!.map((r) => r.panel))).toEqual(new Set([null]));
  });
});
