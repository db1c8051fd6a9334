import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import { explorerVegaLite } from "../../src/site/explorer-vega-lite.ts";
import type { CrosstabCell } from "../../src/survey/crosstab-assembly.ts";
import type { CrosstabResult } from "../../src/survey/crosstab-result.ts";

const cell = (year: number, letter: string, option: string, share: number, breaks: number[] = []) =>
  ({
    year,
    column: String(year),
    letter,
    option,
    level: null,
    n: 100,
    count: share * 100,
    share,
    ci_low: share - 0.05,
    ci_high: share + 0.05,
    small_base: false,
    higher_than: [],
    low_expected: [],
    not_comparable: breaks.length ? ["A"] : [],
    breaks,
  }) as CrosstabCell;

// The years as columns: 2019 (A) and 2020 (B), a break (1) taking effect in 2020 for "Yes".
const result = {
  question: { id: "q", label: "A question", type: "single" },
  by: { id: "year", label: "Survey year" },
  years: [2019, 2020],
  columns: [
    { letter: "A", label: "2019", n: 100 },
    { letter: "B", label: "2020", n: 100 },
  ],
  breaks: [{ number: 1, year: 2020 }],
  rows: [
    cell(2019, "A", "Yes", 0.4),
    cell(2020, "B", "Yes", 0.5, [1]),
    cell(2019, "A", "No", 0.6),
    cell(2020, "B", "No", 0.5),
  ],
} as unknown as CrosstabResult;
const options = { periods: { "2020": "1H 2020" }, colors: ["#111", "#222"], subtitle: "n = 200" };

describe("the explorer's Vega-Lite spec", () => {
  it("bars: the rows drawn, each year named as the survey is known, and it compiles", () => {
    const drawn = [result.rows[2]!, result.rows[3]!];
    const spec = explorerVegaLite(result, drawn, { ...options, view: "bars" }) as any;
    expect(() => compile(spec)).not.toThrow();
    expect(spec.title).toEqual({ text: "A question", subtitle: "n = 200" });
    expect(spec.data.values.map((v: any) => [v.option, v.column, v.survey])).toEqual([
      ["No", "2019", "2019"],
      ["No", "1H 2020", "1H 2020"],
    ]);
    expect(JSON.stringify(spec)).not.toContain('"2020"');
  });

  it("lines: one segment per run of years, cut and labelled at a break, and it compiles", () => {
    const spec = explorerVegaLite(result, result.rows, { ...options, view: "lines" }) as any;
    expect(() => compile(spec)).not.toThrow();
    const yes = spec.data.values.filter((v: any) => v.option === "Yes");
    expect(yes.map((v: any) => v.survey)).toEqual(["2019", "1H 2020"]);
    expect(yes[0].segment).not.toBe(yes[1].segment);
    expect(yes[1].break_before).toBe("‡1");
    const no = spec.data.values.filter((v: any) => v.option === "No");
    expect(no[0].segment).toBe(no[1].segment);
    expect(spec.layer.find((l: any) => l.mark.type === "line").encoding.detail.field).toBe(
      "segment",
    );
  });
});
