import { describe, expect, it } from "vitest";
import { bannerRefusal, panelSampleYears } from "../../src/survey/crosstab-request.ts";
import { filterYearsNeed } from "../../src/survey/crosstab-years.ts";

/** The refusals the CLI and the explorer share word for word, and what a filter's years need. */
describe("the shared request checks", () => {
  it("refuses a sample banner with one part picked, and a matrix banner", () => {
    expect(bannerRefusal("sample", "all")).toBeUndefined();
    expect(bannerRefusal("sample", "panel")).toMatch(/--sample panel cannot also pick one/);
    expect(bannerRefusal("year", "panel")).toBeUndefined();
    expect(bannerRefusal({ id: "storage", type: "matrix" }, "all")).toMatch(
      /^--by storage is a matrix question.*--where storage=<option>=<level>\.$/,
    );
    expect(bannerRefusal({ id: "challenges", type: "multi" }, "all")).toBeUndefined();
  });

  it("keeps the panel years; refuses a chosen year without a panel, or none left", () => {
    expect(panelSampleYears([2019, 2022], [2022], false)).toEqual({ years: [2022] });
    expect(panelSampleYears([2019, 2022], [2022], true)).toEqual({
      refusal: "--sample panel: 2019 has no paid panel (panel years: 2022).",
    });
    expect(panelSampleYears([2019], [2022], false)).toEqual({
      refusal: "--sample panel: none of these years has a paid panel.",
    });
  });

  it("checks a filter's years by what it needs: NOT and answered: need the question answered", () => {
    const f = { question: "region", option: "Europe", level: null };
    expect(filterYearsNeed(f)).toEqual({
      need: "matched",
      reason: "nobody answered region = Europe",
    });
    expect(filterYearsNeed({ ...f, not: true })?.need).toBe("answered");
    expect(filterYearsNeed({ ...f, kind: "answered" })?.reason).toBe("nobody answered region");
    expect(filterYearsNeed({ ...f, kind: "panel" })?.need).toBe("panel");
    expect(filterYearsNeed({ ...f, kind: "panel", not: true })).toBeUndefined();
  });
});
