import { html } from "htl";
import { pct } from "./format.js";
import { yearLabel } from "./years.js";

/** @typedef {import("../../src/site/site-data-types.ts").FigureRow & { period: string }} Headline */

/**
 * The computed row of a figure for a year, segment and category, over everyone sampled (undefined if absent).
 * @param {import("../../src/site/site-data-types.ts").FigureFile} figure
 * @param {number} year
 * @param {string} segment
 * @param {string} category
 * @returns {Headline | undefined}
 */
export function pick({ result, surveys }, year, segment, category) {
  const row = result.rows.find(
    (r) =>
      r.source === "computed" &&
      r.sample === "all" &&
      r.year === year &&
      r.segment === segment &&
      r.category === category,
  );
  return row && { ...row, period: yearLabel(surveys)(row.year) };
}

/**
 * One headline: a number from the data, its n and interval, linked to the chart it comes from.
 * @param {Headline | undefined} row
 * @param {string} text
 * @param {string} href
 */
export function headline(row, text, href) {
  if (!row) return html`<li>${text}: not in the data</li>`;
  return html`<li class="headline">
    <a href=${href}><strong>${pct(row.share, 0)}</strong></a> ${text}
    <small
      >(${row.count} of ${row.n}, 95% interval ${pct(row.ci_low)}–${pct(row.ci_high)},
      ${row.period})</small
    >
  </li>`;
}
