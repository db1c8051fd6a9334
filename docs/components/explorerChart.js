import * as Plot from "@observablehq/plot";
import { accessiblePlot, swatch, whisker } from "./chartKey.js";
import { interval, pct } from "./format.js";
import { html } from "htl";

/**
 * The text beside a bar: its letter, share, small-base mark, the letters it beats and (years) the
 * numbers of the breaks it is not comparable across.
 * @typedef {import("../../src/survey/crosstab-assembly.ts").CrosstabCell} Cell
 */
export const cellMark = (/** @type {Cell} */ d) =>
  `${d.letter} ${pct(d.share, 0)}${d.small_base ? "*" : ""}${d.higher_than.length ? ` >${d.higher_than.join("")}` : ""}` +
  `${d.not_comparable.length && d.breaks.length ? ` ‡${d.breaks.join(",")}` : ""}`;

/**
 * One slice of a cross-tab (a year, a matrix level) as bars: a group per row option, a bar per
 * banner column with its 95% interval, marked with the letters of the columns it is significantly
 * higher than. Small-base columns are drawn faint.
 * @param {Cell[]} cells
 * @param {{ width: number, columns: { letter: string }[], colors: string[] }} options
 */
export function explorerChart(cells, { width, columns, colors }) {
  const drawn = /** @type {(Cell & { share: number })[]} */ (cells.filter((c) => c.share !== null));
  const options = [...new Set(drawn.map((c) => c.option))];
  const letters = columns.map((c) => c.letter).filter((l) => drawn.some((c) => c.letter === l));
  const longest = Math.max(...options.map((o) => o.length));
  const marginLeft = Math.min(width * 0.42, 12 + longest * 6.2);
  // One line more than the estimate (words do not break where it does), so no name runs off.
  const lines =
    Math.ceil((longest * 6.2) / (marginLeft - 12)) + Number(longest * 6.2 > marginLeft - 12);
  // 18 px a bar: each bar's label (12 px tall) clear of its neighbours'.
  const band = Math.max(letters.length * 18, lines * 11 + 8);
  const tip = (/** @type {Cell} */ d) =>
    `${d.option}${d.level ? ` · ${d.level}` : ""}\n${d.letter}: ${d.column}\n` +
    // why: a weighted cell's count and n are the people counted; its share and interval are weighted
    `${pct(d.share)} (${d.n_eff === undefined ? `${d.count} / ${d.n}` : `weighted; ${d.count} / ${d.n} people, n_eff ${d.n_eff.toFixed(1)}`})` +
    `${d.small_base ? ", small base: not tested" : ""}\n` +
    `95% interval ${interval(d)}` +
    (d.higher_than.length ? `\nsignificantly higher than ${d.higher_than.join(", ")}` : "") +
    (d.not_comparable.length && d.breaks.length
      ? `\nnot comparable with ${d.not_comparable.join(", ")} (breaks ${d.breaks.join(", ")})`
      : "");
  const svg = Plot.plot({
    width,
    height: 40 + options.length * band,
    marginLeft,
    marginRight: 78,
    x: {
      label: "share of the column's base →",
      tickFormat: "%",
      grid: true,
      domain: [0, Math.min(1, Math.max(0.05, ...drawn.map((r) => r.ci_high ?? r.share)))],
    },
    y: { axis: null, domain: letters },
    fy: { domain: options, padding: 0.15 },
    color: { domain: columns.map((c) => c.letter), range: colors },
    ariaDescription: `${drawn.length} bars: share per option and banner column, with 95% intervals and significance letters`,
    marks: [
      Plot.barX(drawn, {
        x: "share",
        y: "letter",
        fy: "option",
        fill: "letter",
        fillOpacity: (/** @type {Cell} */ d) => (d.small_base ? 0.35 : 1),
      }),
      Plot.ruleY(drawn, {
        x1: "ci_low",
        x2: "ci_high",
        y: "letter",
        fy: "option",
        stroke: "currentColor",
        strokeWidth: 1.2,
        ariaDescription: "95% intervals",
      }),
      // Past the whisker's end, with a halo so grid lines do not cross it.
      Plot.text(drawn, {
        x: (/** @type {Cell & { share: number }} */ d) => Math.max(d.share, d.ci_high ?? d.share),
        y: "letter",
        fy: "option",
        text: cellMark,
        dx: 4,
        textAnchor: "start",
        fontSize: 10,
        fill: "currentColor",
        stroke: "var(--theme-background)",
        strokeWidth: 3,
        paintOrder: "stroke",
        ariaDescription: "significance letters",
      }),
      Plot.ruleX([0]),
      Plot.axisFy({ anchor: "left", label: null, lineWidth: (marginLeft - 12) / 10 }),
      Plot.tip(drawn, Plot.pointer({ x: "share", y: "letter", fy: "option", title: tip })),
    ],
  });
  // The key: faint bars, whiskers and letters (the columns' colours are in the legend above).
  const key = html`<ul class="chart-key" aria-label="Chart key">
    ${drawn.some((d) => d.small_base) ? html`<li>${swatch("var(--theme-foreground-muted)", true)}faint: small base, not tested</li>` : ""}
    <li>${whisker()}95% interval</li>
    <li>A 40% >BC: column A, 40%, significantly higher than columns B and C</li>
  </ul>`;
  const figure = document.createElement("figure");
  figure.className = "kc-plot";
  figure.append(key, accessiblePlot(svg));
  return figure;
}
