import { html } from "htl";
import { pct } from "./format.js";

/** The computed row of a figure for a year, segment and category (undefined if absent). */
export function pick({ result }, year, segment, category) {
  return result.rows.find(
    (r) =>
      r.source === "computed" &&
      r.year === year &&
      r.segment === segment &&
      r.category === category,
  );
}

/** One headline: a number from the data, its n and interval, linked to the chart it comes from. */
export function headline(row, text, href) {
  if (!row) return html`<li>${text}: not in the data</li>`;
  return html`<li class="headline">
    <a href=${href}><strong>${pct(row.share, 0)}</strong></a> ${text}
    <small
      >(${row.count} of ${row.n}, 95% interval ${pct(row.ci_low)}–${pct(row.ci_high)},
      ${row.year === 2020 ? "1H 2020" : row.year})</small
    >
  </li>`;
}
