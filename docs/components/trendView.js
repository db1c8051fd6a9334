import { html } from "htl";
import { figureTable } from "./figureTable.js";
import { numberNotes } from "./noteNumbers.js";
import { notesList } from "./notesList.js";
import { MAX_SERIES } from "./palette.js";
import { inSample, sampleLabel, splitYears } from "./sampleRows.js";
import { trendPlot } from "./trendPlot.js";

/**
 * One category of a figure over the survey years, one line per checked segment, in the chosen
 * sample (a split year's part, the other years' everyone): the chart, a key to its marks, the
 * numbered breaks of the drawn rows and their table.
 */
export function trendView(rows, { width, category, segments, sample, palette, label }) {
  const pool = inSample(rows, sample).filter((r) => r.category === category);
  let drawn = segments.filter((s) => pool.some((r) => r.segment === s));
  const withValues = drawn.length;
  const tooMany = withValues > MAX_SERIES;
  // More lines than colours would not read: the first segment alone, and say so.
  if (tooMany) drawn = drawn.slice(0, 1);
  const shown = pool.filter((r) => drawn.includes(r.segment));
  const numbered = numberNotes(shown);
  const split = [...splitYears(rows)].map(label).join(", ");
  const hollow = shown.some((r) => r.source !== "computed");
  // A dashed connector needs a point before the break in the same line.
  const dashed = shown.some(
    (r) => r.notes.length && shown.some((p) => p.segment === r.segment && p.year < r.year),
  );
  return html`<div class="trend-body">
    <p class="trend-subtitle">
      ${category}: share by survey
      year${sample !== "all" && split ? ` (${split}: ${sampleLabel(sample)})` : ""}.
      ${tooMany ? ` Drawing “${drawn[0]}” only: more than ${MAX_SERIES} lines would not read (${withValues} checked segments have values); uncheck segments to compare the rest.` : ""}
    </p>
    <div class="trend-chart" role="figure" aria-label=${`${category}: share by survey year`}>
      ${
        shown.length
          ? trendPlot(shown, {
              width,
              segments: drawn,
              palette,
              label,
              numbersOf: numbered.numbersOf,
            })
          : html`<p>No rows for this selection.</p>`
      }
    </div>
    <p class="trend-key">
      <span><span class="key-dot"></span> computed from respondents</span>
      <span><span class="key-whisker"></span> 95% interval</span>
      ${hollow ? html`<span><span class="key-dot hollow"></span> printed in the book or CNCF's 2021 summary</span>` : ""}
      ${dashed ? html`<span><span class="key-dash"></span> dashed: into a year with a break</span>` : ""}
      ${numbered.notes.length ? html`<span><span class="note-number">1</span> breaks, numbered in the notes below</span>` : ""}
    </p>
    ${notesList(numbered, { label, title: "Breaks in this trend" })}
    <details>
      <summary>Table of the trend values</summary>
      ${figureTable(shown, { label, numbersOf: numbered.numbersOf })}
    </details>
  </div>`;
}
