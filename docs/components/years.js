import { SOURCE_MARK, sourceText } from "./generated/browser.js";

// How a survey year is named on the site: its period from the data ("1H 2020"), and what kind of
// value it carries when not computed from respondents.

/**
 * A labeller for years: the survey's own period where the data gives one.
 * @param {import("../../src/site/site-data-types.ts").SurveyPeriod[]} [surveys]
 * @returns {(year: number) => string}
 */
export function yearLabel(surveys = []) {
  const periods = new Map(surveys.map((s) => [Number(s.year), s.period]));
  // A year the data names no period for (the book's printed 2017) is the year itself.
  return (year) => periods.get(year) ?? String(year);
}

/** The mark a row's year carries when its value is not computed from respondent rows. */
export const sourceMark = (/** @type {string} */ source) =>
  SOURCE_MARK[/** @type {keyof typeof SOURCE_MARK} */ (source)] ?? "";

/** In words, for tooltips and tables (the CLI's words, src/render/format.ts). */
export { sourceText };
