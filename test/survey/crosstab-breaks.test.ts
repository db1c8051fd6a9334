import { describe, expect, it } from "vitest";
import {
  breaksBetween,
  crosstabBreaks,
  type StoredBreak,
} from "../../src/survey/crosstab-breaks.ts";

const stored = (b: Partial<StoredBreak> & Pick<StoredBreak, "question" | "year">): StoredBreak => ({
  previous_year: b.year - 1,
  kind: "options",
  option: null,
  explanation: `${b.question} ${b.year} ${b.option ?? "all"}`,
  valid_only: false,
  filter_question: null,
  ...b,
});

const STORED = [
  stored({ question: "tools", year: 2019, option: "Gamma" }),
  stored({ question: "tools", year: 2020, kind: "routing", filter_question: "uses_tools" }),
  stored({ question: "tools", year: 2022, option: "Other (please specify)" }),
  stored({ question: "region", year: 2022 }),
  stored({ question: "region", year: 2019, option: "Asia" }),
  stored({ question: "clusters", year: 2020, valid_only: true }),
  stored({ question: "clusters", year: 2022, kind: "routing", filter_question: "k8s_use" }),
  stored({ question: "challenges", year: 2022, kind: "universe" }),
  stored({ question: "challenges", year: 2019, option: "Service Mesh" }),
  stored({ question: "tools", year: 2017, option: "Alpha" }),
];

describe("the breaks a cross-tab shows", () => {
  const found = crosstabBreaks(STORED, {
    question: "tools",
    filters: [{ question: "region", option: "Europe" }],
    universe: ["clusters", "challenges"],
    years: [2018, 2019, 2020, 2022],
    valid: false,
    holds: { passed: ["k8s_use"], counted: ["clusters"] },
    sampleBreaks: [{ year: 2022, text: "panel" }],
  });

  it("keeps the row's, the filter's whole-question or own-option, the universe's whole-question ones and the panel", () => {
    expect(found.map((b) => [b.number, b.question, b.year, b.option, b.role])).toEqual([
      [1, "tools", 2019, "Gamma", "row"],
      [2, "tools", 2020, null, "row"],
      [3, "region", 2022, null, "filter"],
      [4, "challenges", 2022, null, "universe"],
      [5, "", 2022, null, "sample"],
      [6, "tools", 2022, "Other (please specify)", "row"],
    ]);
    // Left out: region's Asia (not the filtered option), challenges' Service Mesh (one option of a
    // universe question), clusters' don't-know change (the universe counts only cluster counts),
    // clusters' routing by k8s_use (every member passed it), tools 2017 (before the years shown).
  });

  it("tells which breaks lie between two years for a row", () => {
    expect(breaksBetween(found, "Alpha", 2018, 2019)).toEqual([]);
    expect(breaksBetween(found, "Gamma", 2018, 2019)).toEqual([1]);
    expect(breaksBetween(found, "Alpha", 2019, 2020)).toEqual([2]);
    expect(breaksBetween(found, "Alpha", 2020, 2022)).toEqual([3, 4, 5]);
    expect(breaksBetween(found, "Other (please specify)", 2020, 2022)).toEqual([3, 4, 5, 6]);
    expect(breaksBetween(found, "Alpha", 2018, 2022)).toEqual([2, 3, 4, 5]);
  });

  it("with --valid a don't-know-only change is no break; the community sample has no panel break", () => {
    const valid = crosstabBreaks(STORED, {
      question: "clusters",
      filters: [],
      universe: [],
      years: [2019, 2020],
      valid: true,
      sampleBreaks: [],
    });
    expect(valid).toEqual([]);
    const all = crosstabBreaks(STORED, {
      question: "clusters",
      filters: [],
      universe: [],
      years: [2019, 2020],
      valid: false,
      sampleBreaks: [],
    });
    expect(all.map((b) => b.year)).toEqual([2020]);
  });
});
