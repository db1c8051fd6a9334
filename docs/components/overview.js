import { html } from "htl";
import { headline, pick } from "./headlines.js";
import { yearLabel } from "./years.js";

// The overview's headlines and how much of the book reproduces, from the figure files and the
// scorecard. The page draws it into its view slot (docs/components/viewSlot.js); the build draws
// the same into the HTML first (src/site/slots.ts names the files), so it shows before any script.

/** @typedef {import("../../src/site/site-data-types.ts").FigureFile} FigureFile */

/**
 * A section heading as Framework writes one from Markdown, so links to its id keep working.
 * @param {string} id
 * @param {string} text
 */
function heading(id, text) {
  return html`<h2 id=${id} tabindex="-1">
    <a class="observablehq-header-anchor" href=${`#${id}`}>${text}</a>
  </h2>`;
}

/**
 * The challenge users with one to five clusters name most often in the book's year (undefined if none).
 * @param {FigureFile} fig26
 * @param {number} year
 */
function topChallenge(fig26, year) {
  const top = fig26.result.rows
    .filter(
      (r) =>
        r.source === "computed" &&
        r.year === year &&
        r.segment === "1-5 clusters" &&
        r.category !== "Other (please specify)",
    )
    .sort((a, b) => b.share - a.share)[0];
  return top && { ...top, period: yearLabel(fig26.surveys)(top.year) };
}

/**
 * The scorecard's numbers by status: reproduced, close, not reproduced, no raw data.
 * @param {import("../../src/site/site-data-types.ts").ScorecardFile} scorecard
 */
function reproduction(scorecard) {
  // Counted by hand: importing d3 for one rollup would load its 30 modules on the first page.
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const { status } of scorecard) counts.set(status, (counts.get(status) ?? 0) + 1);
  const count = (/** @type {string} */ status) => counts.get(status) ?? 0;
  return html`<p>
    Of the ${scorecard.length} numbers the book prints about the surveys,
    <a href="./scorecard"><strong>${count("reproduced")} reproduce</strong></a> from the raw data,
    ${count("close")} are within 1.5 points, ${count("not reproduced")} do not reproduce under any
    definition tried, and ${count("no raw data")} come from the 2017 survey, whose raw data was
    never published.
  </p>`;
}

/**
 * The overview's two sections, as a fragment: every text from the data goes in as text.
 * @param {{ fig11: FigureFile, fig12: FigureFile, containers: FigureFile, adoption: FigureFile, fig24: FigureFile, fig26: FigureFile, fig27: FigureFile, scorecard: import("../../src/site/site-data-types.ts").ScorecardFile }} files
 */
export function overview({ fig11, fig12, containers, adoption, fig24, fig26, fig27, scorecard }) {
  // The book's year, as its figures' definitions name it (src/survey/figure.ts, BOOK_YEAR), and
  // the survey after it: the headlines quote the book's numbers, not the newest year's.
  const book = /** @type {number} */ (fig11.definition.site.defaultYear);
  // why: the first survey after the book's with rows (surveys names every survey year)
  const next = fig11.result.rows
    .map((r) => r.year)
    .sort((a, b) => a - b)
    .find((y) => y > book);
  const top = topChallenge(fig26, book);
  const eks = "Amazon Elastic Container Service for Kubernetes (EKS)";
  return html.fragment`${heading(`headlines-from-the-${book}-survey`, `Headlines from the ${book} survey`)}
    <ul>
      ${headline(pick(adoption, book, "all", "Kubernetes in production"), "of respondents who answered for Kubernetes in the CNCF projects question use it in production.", "./deployment-size")}
      ${headline(pick(fig11, book, "all", "more than 5 clusters"), "of Kubernetes users run more than five production clusters.", "./deployment-size#fig-1-1")}
      ${next === undefined ? "" : headline(pick(fig11, next, "all", "more than 5 clusters"), `in ${yearLabel(fig11.surveys)(next)}.`, "./deployment-size#fig-1-1")}
      ${headline(pick(fig12, book, ">5000", "more than 5 clusters"), "of Kubernetes users at organizations of more than 5,000 people do.", "./deployment-size#fig-1-2")}
      ${headline(pick(containers, book, "more than 5 clusters", "1000+ containers"), "of those with more than five clusters typically run 1,000 containers or more.", "./deployment-size#containers-1000-plus")}
      ${headline(top, top ? `of users with one to five clusters name “${top.category}” as a challenge, the most cited.` : "The challenge most cited by users with one to five clusters", "./challenges")}
      ${headline(pick(fig24, book, "all", "NGINX"), "of Kubernetes users run NGINX as an ingress provider.", "./networking")}
      ${headline(pick(fig27, book, "all", eks), "manage containers with Amazon EKS,", "./managed-kubernetes")}
      ${headline(pick(fig27, book, "all", "Google Kubernetes Engine (GKE)"), "with Google Kubernetes Engine.", "./managed-kubernetes")}
    </ul>
    ${heading("how-much-of-the-book-reproduces", "How much of the book reproduces")}
    ${reproduction(scorecard)}`;
}
