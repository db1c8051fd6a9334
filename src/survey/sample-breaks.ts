import { panelNote } from "./breaks.ts";

/** A year whose sample mixes a paid panel in: its name and the panel's share of the screened sample. */
export interface PanelShare {
  year: number;
  /** As the survey is known ("1H 2020"), from survey_sources.period (src/survey/survey-years.ts). */
  label: string;
  share: number;
}

/**
 * How far two years' paid-panel shares may differ before their whole samples are no longer one
 * kind of sample. A share of the whole sample is the mix of its two parts, so a mix that moves
 * by d moves it by d × (panel share − community share) with no change in either part: 10 points
 * of mix with the parts 20 points apart (as they are on some 2022 rows) is 2 points, the size of
 * the 95% interval's half-width at n ≈ 2,000. Below that the mix is noise beside sampling error.
 */
export const PANEL_MIX_BREAK = 0.1;

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * The sample breaks between the years shown (COMPARABILITY.md, kind "sample": who answered), each
 * at the later year of two consecutive years shown: where a panel comes in or goes out, or where
 * both years mix one in at shares at least PANEL_MIX_BREAK apart. Two panel years with about the
 * same mix compare like with like, and so do two community-only years. `panels` are every panel
 * year of the data (ascending), so a note names earlier panels even when they are not shown.
 */
export function sampleBreaks(
  panels: PanelShare[],
  years: number[],
): { year: number; text: string }[] {
  const shown = [...new Set(years)].sort((a, b) => a - b);
  const byYear = new Map(panels.map((p) => [p.year, p]));
  const breaks: { year: number; text: string }[] = [];
  for (let i = 1; i < shown.length; i++) {
    const before = byYear.get(shown[i - 1]!);
    const now = byYear.get(shown[i]!);
    if (!before && !now) continue;
    // why: 1e-9 so that shares exactly the threshold apart (0.6 and 0.5) break despite rounding
    if (before && now && Math.abs(now.share - before.share) < PANEL_MIX_BREAK - 1e-9) continue;
    breaks.push({
      year: shown[i]!,
      text: now
        ? panelNote(
            "all",
            now.share,
            panels
              .filter((p) => p.year < now.year)
              .map((p) => ({ label: p.label, share: p.share })),
          ).text
        : // why: a community-only year after a panel year is a break too, the other way round
          `This year's sample was community-only; ${before!.label}'s mixed a paid panel in (${percent(before!.share)} of its screened sample).`,
    });
  }
  return breaks;
}
