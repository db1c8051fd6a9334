import { describe, expect, it } from "vitest";
import { drawnRows, linePoints, rankingLetter } from "../../src/site/explorer-rows.ts";
import type { CrosstabCell } from "../../src/survey/crosstab-assembly.ts";
import type { CrosstabResult } from "../../src/survey/crosstab-result.ts";

/** A cell with only what the helpers read; the rest as a real result has it. */
const cell = (
  year: number,
  letter: string,
  option: string,
  share: number | null,
  more: Partial<CrosstabCell> = {},
): CrosstabCell => ({
  year,
  column: letter,
  letter,
  option,
  level: null,
  n: 100,
  count: share === null ? 0 : share * 100,
  share,
  ci_low: share,
  ci_high: share,
  small_base: false,
  higher_than: [],
  low_expected: [],
  not_comparable: [],
  breaks: [],
  ...more,
});

const result = (
  rows: CrosstabCell[],
  by = "org_size",
  breaks: { number: number; year: number }[] = [],
) =>
  ({
    by: { id: by, label: by },
    columns: [...new Set(rows.map((c) => c.letter))].map((letter) => ({
      letter,
      label: letter,
      n: 100,
    })),
    breaks,
    rows,
  }) as unknown as CrosstabResult;

// Two years apart (a banner question): options in codebook order Alpha, Beta, Gamma; column A
// ranks Gamma > Alpha > Beta in 2019 and Beta > Gamma > Alpha in 2020; column B the reverse.
const twoYears = result([
  cell(2019, "A", "Alpha", 0.2),
  cell(2019, "B", "Alpha", 0.9),
  cell(2019, "A", "Beta", 0.1),
  cell(2019, "B", "Beta", 0.5),
  cell(2019, "A", "Gamma", 0.7),
  cell(2019, "B", "Gamma", 0.05),
  cell(2020, "A", "Alpha", 0.1),
  cell(2020, "B", "Alpha", 0.3),
  cell(2020, "A", "Beta", 0.6),
  cell(2020, "A", "Gamma", 0.4),
]);
const options = (cells: CrosstabCell[]) => cells.map((c) => `${c.year} ${c.option} ${c.letter}`);

describe("the explorer's drawn rows", () => {
  it("codebook order with no top-N or search is the CLI's rows, untouched", () => {
    expect(drawnRows(twoYears, { sort: "codebook", top: null, search: "" })).toEqual(twoYears.rows);
  });

  it("sorts each year's options by share in the chosen column, keeping the columns' order", () => {
    expect(options(drawnRows(twoYears, { sort: "A", top: null, search: "" }))).toEqual([
      "2019 Gamma A",
      "2019 Gamma B",
      "2019 Alpha A",
      "2019 Alpha B",
      "2019 Beta A",
      "2019 Beta B",
      "2020 Beta A",
      "2020 Gamma A",
      "2020 Alpha A",
      "2020 Alpha B",
    ]);
    // Column B: 2020's Beta and Gamma have no B cell, so they rank after Alpha, in codebook order.
    expect(options(drawnRows(twoYears, { sort: "B", top: 1, search: "" }))).toEqual([
      "2019 Alpha A",
      "2019 Alpha B",
      "2020 Alpha A",
      "2020 Alpha B",
    ]);
  });

  it("top-N keeps the highest shares of the first column, shown in codebook order", () => {
    expect(rankingLetter(twoYears, "codebook")).toBe("A");
    expect(options(drawnRows(twoYears, { sort: "codebook", top: 2, search: "" }))).toEqual([
      "2019 Alpha A",
      "2019 Alpha B",
      "2019 Gamma A",
      "2019 Gamma B",
      "2020 Beta A",
      "2020 Gamma A",
    ]);
  });

  it("the search keeps options whose label holds the text, case and accents ignored", () => {
    const accented = result([
      cell(2019, "A", "Café tooling", 0.2),
      cell(2019, "A", "Kubernetes", 0.3),
      cell(2019, "A", "kubectl plugins", 0.1),
    ]);
    const found = (search: string) =>
      drawnRows(accented, { sort: "codebook", top: null, search }).map((c) => c.option);
    expect(found(" KUBE")).toEqual(["Kubernetes", "kubectl plugins"]);
    expect(found("cafe")).toEqual(["Café tooling"]);
    expect(found("nothing like it")).toEqual([]);
    // Search, then top-N among what it found.
    expect(drawnRows(accented, { sort: "A", top: 1, search: "kube" }).map((c) => c.option)).toEqual(
      ["Kubernetes"],
    );
  });

  it("ranks a matrix's options within each level, the levels keeping their order", () => {
    const matrix = result([
      cell(2019, "A", "Helm", 0.2, { level: "Using" }),
      cell(2019, "A", "Helm", 0.5, { level: "Evaluating" }),
      cell(2019, "A", "Envoy", 0.6, { level: "Using" }),
      cell(2019, "A", "Envoy", 0.1, { level: "Evaluating" }),
    ]);
    expect(
      drawnRows(matrix, { sort: "A", top: 1, search: "" }).map((c) => `${c.level} ${c.option}`),
    ).toEqual(["Using Envoy", "Evaluating Helm"]);
  });
});

describe("the explorer's line view", () => {
  // Years as columns: A 2018, B 2019, C 2020, D 2022. Break 1 takes effect in 2020 (between
  // 2019 and 2020), break 2 in 2022.
  const years = { 2018: "A", 2019: "B", 2020: "C", 2022: "D" } as const;
  const y = (
    year: keyof typeof years,
    option: string,
    share: number | null,
    breaks: number[] = [],
  ) => cell(year, years[year], option, share, { breaks });
  const byYear = result(
    [
      y(2018, "Steady", 0.1),
      y(2019, "Steady", 0.2),
      y(2020, "Steady", 0.3),
      y(2022, "Steady", 0.4),
      y(2018, "Broken", 0.5),
      y(2019, "Broken", 0.4),
      y(2020, "Broken", 0.3, [1]),
      y(2022, "Broken", 0.2, [1, 2]),
      y(2018, "Gap", 0.5),
      y(2020, "Gap", 0.3),
    ],
    "year",
    [
      { number: 1, year: 2020 },
      { number: 2, year: 2022 },
    ],
  );
  const points = linePoints(byYear.rows, byYear);
  const of = (option: string) => points.filter((p) => p.option === option);

  it("joins an option's years while nothing lies between them", () => {
    expect(new Set(of("Steady").map((p) => p.segment)).size).toBe(1);
    expect(of("Steady").every((p) => p.breakBefore.length === 0)).toBe(true);
  });

  it("starts a new segment at each break and names the breaks between the two years only", () => {
    const broken = of("Broken");
    expect(broken.map((p) => p.breakBefore)).toEqual([[], [], [1], [2]]);
    expect(broken.map((p) => p.previousYear)).toEqual([null, 2018, 2019, 2020]);
    const [a, b, c, d] = broken.map((p) => p.segment);
    expect(a).toBe(b);
    expect(c).not.toBe(b);
    expect(d).not.toBe(c);
  });

  it("leaves a gap where a year has no share, and draws no point there", () => {
    const gap = of("Gap");
    expect(gap.map((p) => p.year)).toEqual([2018, 2020]);
    expect(gap[0]!.segment).not.toBe(gap[1]!.segment);
    // Segments are the option's own: no two options share one.
    const owners = new Map<number, string>();
    for (const p of points)
      (expect(owners.get(p.segment) ?? p.option).toBe(p.option), owners.set(p.segment, p.option));
  });
});
