import { html } from "htl";
import { figureTable } from "./figureTable.js";
import { marginalBase, marginalSpecOf } from "./generated/browser.js";
import { numberNotes } from "./noteNumbers.js";
import { notesList } from "./notesList.js";
import { MAX_SERIES } from "./palette.js";
import { inSample, sampleLabel, sampleShort, splitYears } from "./sampleRows.js";
import { trendPlot } from "./trendPlot.js";

/** @typedef {import("../../src/site/site-data-types.ts").FigureRow} Row */
/** @typedef {import("../../src/survey/figure.ts").MarginalSpec} MarginalSpec */

/**
 * The rows a trend draws: one category, the chosen sample, at most MAX_SERIES segments.
 * @param {Row[]} rows
 * @param {{ category: string, segments: string[], sample: string }} choice
 */
export function trendRows(rows, { category, segments, sample }) {
  const pool = inSample(rows, sample).filter((r) => r.category === category);
  let drawn = segments.filter((s) => pool.some((r) => r.segment === s));
  const withValues = drawn.length;
  const tooMany = withValues > MAX_SERIES;
  // More lines than colours would not read: the first segment alone, and say so.
  if (tooMany) drawn = drawn.slice(0, 1);
  return { shown: pool.filter((r) => drawn.includes(r.segment)), drawn, withValues, tooMany };
}

/**
 * One category of a figure over the survey years, one line per checked segment, in the chosen
 * sample (a split year's part, the other years' everyone): the chart, a key to its marks, what
 * each 2021 summary drawn apart from the line counts, the numbered breaks of the drawn rows and
 * their table. `marginal` is the figure's 2021 summary specs (its definition's).
 * `numbered` is the card's numbering of its notes (bars and trend together, listed once under
 * the card); without it the trend numbers and lists its own.
 * @param {Row[]} rows
 * @param {{ width: number, years: number[], category: string, segments: string[], sample: string, palette?: Map<string, string>, label: (year: number) => string, marginal?: MarginalSpec[], numbered?: ReturnType<typeof numberNotes> }} options
 */
export function trendView(
  rows,
  { width, years, category, segments, sample, palette, label, marginal, numbered: cardNotes },
) {
  const { shown, drawn, withValues, tooMany } = trendRows(rows, { category, segments, sample });
  const numbered = cardNotes ?? numberNotes(shown);
  const splitDrawn = new Set([...splitYears(rows)].filter((y) => shown.some((r) => r.year === y)));
  const split = [...splitDrawn].map(label).join(", ");
  // A split year names its sample under it on the axis: "2022 (community)".
  const yearTick = (/** @type {number} */ year) =>
    splitDrawn.has(year) ? `${label(year)}\n(${sampleShort(sample)})` : label(year);
  const annotationOf = (/** @type {Row} */ row) => {
    const spec = marginalSpecOf(marginal, row);
    return { wave: spec?.wave, base: spec ? marginalBase(spec).short : "answered" };
  };
  const printed = shown.some((r) => r.source === "published");
  const summaries = shown.filter((r) => r.source === "marginal");
  // A dashed connector needs a point before the break in the same line (2021 is not on it).
  const onLine = shown.filter((r) => r.source !== "marginal");
  const dashed = onLine.some(
    (r) => r.notes.length && onLine.some((p) => p.segment === r.segment && p.year < r.year),
  );
  return html`<div class="trend-body">
    <p class="trend-subtitle">
      ${category}: share by survey year${split ? ` (${split}: ${sampleLabel(sample)})` : ""}.
      ${tooMany ? ` Drawing “${drawn[0]}” only: more than ${MAX_SERIES} lines would not read (${withValues} checked segments have values); uncheck segments to compare the rest.` : ""}
    </p>
    <div class="trend-chart" role="figure" aria-label=${`${category}: share by survey year`}>
      ${
        shown.length
          ? trendPlot(shown, {
              width,
              years,
              segments: drawn,
              palette,
              label,
              numbersOf: numbered.numbersOf,
              annotationOf,
              yearTick,
            })
          : html`<p>No rows for this selection.</p>`
      }
    </div>
    <p class="trend-key">
      <span><span class="key-dot"></span> computed from respondents</span>
      <span><span class="key-whisker"></span> 95% interval</span>
      ${printed ? html`<span><span class="key-dot hollow"></span> printed in the book</span>` : ""}
      ${summaries.length ? html`<span><span class="key-diamond"></span> CNCF's ${[...new Set(summaries.map((r) => label(r.year)))].join(", ")} summary: another base, drawn apart from the line</span>` : ""}
      ${dashed ? html`<span><span class="key-dash"></span> dashed: into a year with a break</span>` : ""}
      ${shown.some((r) => numbered.numbersOf(r).length) ? html`<span><span class="note-number">1</span> breaks, numbered in the card's notes below</span>` : ""}
    </p>
    ${summaryNotes(summaries, { label, marginal })}
    ${cardNotes ? "" : notesList(numbered, { label, title: "Breaks in this trend" })}
    <details>
      <summary>Table of the trend values</summary>
      ${figureTable(shown, { label, numbersOf: numbered.numbersOf })}
    </details>
  </div>`;
}

/**
 * What each 2021 summary drawn on the trend is, in words: its wave and who its n counts.
 * @param {Row[]} summaries
 * @param {{ label: (year: number) => string, marginal?: MarginalSpec[] }} options
 */
function summaryNotes(summaries, { label, marginal }) {
  /** @type {Map<string, { row: Row, spec: MarginalSpec | undefined, n: number[] }>} */
  const seen = new Map();
  for (const row of summaries) {
    const spec = marginalSpecOf(marginal, row);
    const key = `${row.year} ${spec?.wave}`;
    const summary = seen.get(key) ?? { row, spec, n: [] };
    seen.set(key, summary);
    // why: a 2021 summary always prints its n (who answered the question)
    if (row.n !== null) summary.n.push(row.n);
  }
  if (seen.size === 0) return "";
  return html`<ul class="trend-annotations">
    ${[...seen.values()].map(
      ({ row, spec, n }) =>
        html`<li>
          <strong>${label(row.year)}${spec ? ` wave ${spec.wave}` : ""}</strong>: CNCF's published
          one-question summary. Base:
          ${spec ? marginalBase(spec).long : "everyone who answered this question"} (n =
          ${nRange(n)}), not the figure's universe — so it is drawn apart, not joined into the line.
        </li>`,
    )}
  </ul>`;
}

const num = (/** @type {number} */ x) => x.toLocaleString("en-US");
/** "1,719", or "178–2,165" over several segments. */
const nRange = (/** @type {number[]} */ ns) => {
  const [low, high] = [Math.min(...ns), Math.max(...ns)];
  return low === high ? num(low) : `${num(low)}–${num(high)}`;
};
