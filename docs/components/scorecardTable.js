import { html } from "htl";
import { interval, pct } from "./format.js";
import { csvDownload } from "./csvDownload.js";
import { downloadName, JUDGING_RULE, roundedAsPrinted } from "./generated/browser.js";

/** @typedef {import("../../src/site/site-data-types.ts").ScorecardFile[number]} Claim */

// Digits after the point of the printed value (0.266 → 3).
const decimals = (/** @type {number} */ x) => (String(x).split(".")[1] ?? "").length;

/**
 * A value with `extra` decimals more than the book printed (a share in percent): the computed
 * value with two more (166 / 1149 → "14.447%" beside a printed 14.4%), enough to see which way
 * it rounds; with none, the computed value rounded as the book rounds (judge.ts), "14.4%".
 * @param {Claim} c
 * @param {number | null} [x]
 * @param {number} [extra]
 */
export function computedText(c, x = c.computed, extra = 2) {
  if (x === null) return "–";
  if (c.measure === "share") return pct(x, Math.max(0, decimals(c.value) - 2) + extra);
  if (Number.isInteger(x) && Number.isInteger(c.value)) return String(x);
  return x.toFixed(decimals(c.value) + extra);
}

/** The computed value rounded to the printed precision, as the status compares it. */
export const roundedText = (/** @type {Claim} */ c) =>
  c.computed === null ? "–" : computedText(c, roundedAsPrinted(c.value, c.computed), 0);

/**
 * Computed minus printed: in percentage points for a share.
 * @param {Claim} c
 */
export function differenceText(c) {
  if (c.computed === null) return "–";
  const d = c.computed - c.value;
  const sign = d > 0 ? "+" : d < 0 ? "−" : "±";
  if (c.measure === "share") return `${sign}${Math.abs(d * 100).toFixed(2)} pts`;
  // A rank, count or n is whole: its difference is too.
  if (Number.isInteger(c.computed) && Number.isInteger(c.value)) return `${sign}${Math.abs(d)}`;
  return `${sign}${Math.abs(d).toFixed(decimals(c.value) + 1)}`;
}

/** The columns of the scorecard's CSV, the shown claims one a row. */
export const SCORECARD_COLUMNS = [
  "id",
  "figure",
  "year",
  "segment",
  "category",
  "measure",
  "qualifier",
  "printed",
  "value",
  "computed",
  "count",
  "n",
  "ci_low",
  "ci_high",
  "status",
  "definition",
  "card",
  "where",
];

/**
 * The scorecard's table: each claim with its evidence (count of n, interval) and links to check
 * it. `status` is the status filter ("" for all), naming the CSV; `provenance` the site's
 * (docs/data/generated/provenance.json), for the CSV's sidecar.
 * @param {Claim[]} claims
 * @param {{ status?: string, provenance?: import("../../src/site/site-data-types.ts").SiteProvenance }} [options]
 */
export function scorecardTable(claims, { status = "", provenance } = {}) {
  const name = downloadName(["scorecard", status || "all-claims"], "csv");
  const years = [...new Set(claims.map((c) => c.year))].sort();
  const csv = csvDownload(
    name,
    /** @type {Record<string, unknown>[]} */ (/** @type {unknown} */ (claims)),
    SCORECARD_COLUMNS,
    "Download CSV",
    provenance && {
      site: provenance,
      view: {
        view: { kind: "scorecard", title: "Reproduction scorecard" },
        filters: status ? { status } : {},
        years,
        sources: provenance.sources
          .filter((s) => s.kind === "survey" && s.year !== null && years.includes(s.year))
          .map((s) => s.id),
        notes: JUDGING_RULE,
      },
    },
  );
  return html`<div class="scorecard-view">
    <p>${claims.length} claims. ${csv}</p>
    <ul class="judging-rule">
      ${JUDGING_RULE.map((r) => html`<li>${r}</li>`)}
    </ul>
    <table class="scorecard">
      <thead>
        <tr>
          <th>claim</th>
          <th>figure</th>
          <th>year</th>
          <th>printed</th>
          <th>computed</th>
          <th>rounded as printed</th>
          <th>difference</th>
          <th>count / n</th>
          <th>95% interval</th>
          <th>status</th>
          <th>definition</th>
          <th>check it</th>
          <th>alternatives tried</th>
          <th>where in the book</th>
        </tr>
      </thead>
      <tbody>
        ${claims.map(
          (c) =>
            html`<tr data-claim=${c.id}>
              <td>${c.id}</td>
              <td>${c.figure}</td>
              <td>${c.year}</td>
              <td>${c.printed}</td>
              <td class="computed">${computedText(c)}</td>
              <td class="rounded">${roundedText(c)}</td>
              <td>${differenceText(c)}</td>
              <td class="count-n">${c.count === null ? "–" : `${c.count} / ${c.n}`}</td>
              <td class="interval">${interval(c)}</td>
              <td class=${`status-${c.status.replace(/ /g, "-")}`}>${c.status}</td>
              <td>${c.definition}</td>
              <td>${checkLinks(c)}</td>
              <td>
                ${c.alternatives.map((a) => html`<div>${a.definition}: ${computedText(c, a.value)}</div>`)}
              </td>
              <td>${c.where}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

// The card address is the build's own (src/site/figure-pages.ts), from figure ids, never from
// outside text. The card holds the figure's SQL in its own "SQL behind this figure"; a claim checked on its
// own carries its query, shown here as text.
/** @param {Claim} c */
function checkLinks(c) {
  return html`${c.card ? html`<a class="card-link" href=${c.card}>card (with its SQL)</a>` : ""}
  ${
    c.sql
      ? html`<details class="claim-sql">
          <summary>SQL</summary>
          <pre><code>${c.sql}</code></pre>
        </details>`
      : ""
  }`;
}
