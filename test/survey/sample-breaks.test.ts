import { describe, expect, it } from "vitest";
import { PANEL_MIX_BREAK, sampleBreaks } from "../../src/survey/sample-breaks.ts";

// Panel years as the data names them: shares of the screened sample, labels from survey_sources.
const P2022 = { year: 2022, label: "2022", share: 0.54 };
const P2023 = { year: 2023, label: "2023", share: 0.6 };
const P2024 = { year: 2024, label: "1H 2024", share: 0.2 };
const PANELS = [P2022, P2023, P2024];

describe("sample breaks between the years a cross-tab shows", () => {
  it("breaks where a panel comes in, naming no earlier panel before the first", () => {
    expect(sampleBreaks(PANELS, [2019, 2022])).toEqual([
      {
        year: 2022,
        text: "54% of this year's screened sample came from a paid panel; earlier years' samples were community-only.",
      },
    ]);
  });

  it("shows no break between two panel years whose mix differs by less than the threshold", () => {
    expect(Math.abs(P2023.share - P2022.share)).toBeLessThan(PANEL_MIX_BREAK);
    expect(sampleBreaks(PANELS, [2022, 2023])).toEqual([]);
    // nor between two community-only years
    expect(sampleBreaks(PANELS, [2018, 2019])).toEqual([]);
  });

  it("breaks between two panel years whose mix moved by the threshold or more, naming the earlier panels by label", () => {
    expect(sampleBreaks(PANELS, [2023, 2024])).toEqual([
      {
        year: 2024,
        text: "20% of this year's screened sample came from a paid panel; earlier years' samples were community-only, except 2022's (54% paid panel), 2023's (60% paid panel).",
      },
    ]);
    // exactly at the threshold is a break; just under is none
    const at = { year: 2025, label: "2025", share: 0.6 - PANEL_MIX_BREAK };
    expect(sampleBreaks([P2023, at], [2023, 2025]).map((b) => b.year)).toEqual([2025]);
    const under = { year: 2025, label: "2025", share: 0.6 - PANEL_MIX_BREAK + 0.001 };
    expect(sampleBreaks([P2023, under], [2023, 2025])).toEqual([]);
  });

  it("breaks where the panel goes out again, naming the year before", () => {
    expect(sampleBreaks(PANELS, [2023, 2026])).toEqual([
      {
        year: 2026,
        text: "This year's sample was community-only; 2023's mixed a paid panel in (60% of its screened sample).",
      },
    ]);
  });

  it("compares consecutive years shown, in order, whatever order they were asked in", () => {
    // 2019 → 2022 (panel in), 2022 → 2023 (same mix), 2023 → 1H 2024 (mix moved 40 points)
    expect(sampleBreaks(PANELS, [2024, 2019, 2023, 2022]).map((b) => b.year)).toEqual([2022, 2024]);
    // 2022 and 1H 2024 side by side, 2023 not shown: their own mixes decide
    expect(sampleBreaks(PANELS, [2022, 2024]).map((b) => b.year)).toEqual([2024]);
    expect(sampleBreaks(PANELS, [2022])).toEqual([]);
  });
});
