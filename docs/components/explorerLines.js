import * as Plot from "@observablehq/plot";
import { html } from "htl";
import { accessiblePlot, swatch, whisker } from "./chartKey.js";
import { interval, pct } from "./format.js";
import { COLORS } from "./palette.js";

/** Lines drawn at most: one colour each (palette.js); the rest are named under the chart. */
export const MAX_LINES = COLORS.length;

/**
 * The line view of a cross-tab whose columns are the years: per option its share in each year
 * with the 95% interval as a whisker. `points` come from linePoints (explorer-rows.ts): a line
 * joins only points of one segment, so it stops at a year with no share and at every break; a
 * dashed rule between the two years, labelled ‡ and the breaks' numbers, says where one sits.
 * Each option's points are nudged sideways a little so whiskers of one year do not overlap.
 * @typedef {import("../../src/site/explorer-rows.ts").LinePoint} Point
 * @param {Point[]} points
 * @param {{ width: number, years: number[], label: (year: number) => string }} options
 */
export function explorerLines(points, { width, years, label }) {
  const options = [...new Set(points.map((p) => p.option))].slice(0, MAX_LINES);
  const drawn = points.filter((p) => options.includes(p.option));
  const color = new Map(options.map((o, i) => [o, COLORS[i] ?? ""]));
  const at = new Map(years.map((y, i) => [y, i]));
  // why: every point's year (and the year before a break) is one of `years`, the columns drawn
  const atYear = (/** @type {number | null} */ year) => at.get(/** @type {number} */ (year)) ?? 0;
  const spread = Math.min(0.04, 0.36 / Math.max(1, options.length));
  const x = (/** @type {Point} */ p) =>
    atYear(p.year) + (options.indexOf(p.option) - (options.length - 1) / 2) * spread;
  // Where a break sits: between an option's point and its previous one, once per pair of years.
  /** @type {Map<string, { x: number, numbers: Set<number> }>} */
  const marks = new Map();
  for (const p of drawn.filter((p) => p.breakBefore.length)) {
    const key = `${p.previousYear}-${p.year}`;
    const mark = marks.get(key) ?? {
      x: (atYear(p.previousYear) + atYear(p.year)) / 2,
      numbers: new Set(),
    };
    marks.set(key, mark);
    for (const n of p.breakBefore) mark.numbers.add(n);
  }
  const rules = [...marks.values()].map((m) => ({
    x: m.x,
    text: `‡${[...m.numbers].sort((a, b) => a - b).join(",")}`,
  }));
  const tip = (/** @type {Point} */ p) =>
    `${p.option}${p.level ? ` · ${p.level}` : ""}\n${label(p.year)}: ${pct(p.share)} (${p.count} / ${p.n})` +
    `${p.small_base ? ", small base: not tested" : ""}\n95% interval ${interval(p)}` +
    (p.breakBefore.length
      ? `\nnot comparable with ${label(/** @type {number} */ (p.previousYear))}: breaks ${p.breakBefore.join(", ")}`
      : "");
  const top = Math.min(1, Math.max(0.05, ...drawn.map((p) => p.ci_high ?? p.share ?? 0)));
  const svg = Plot.plot({
    width,
    height: 360,
    marginTop: 28,
    marginLeft: 48,
    marginRight: 20,
    x: {
      type: "linear",
      domain: [-0.4, years.length - 0.6],
      ticks: years.map((_, i) => i),
      tickFormat: (/** @type {number} */ i) => label(/** @type {number} */ (years[i])),
      label: null,
    },
    y: { label: "↑ share of the year's base", tickFormat: "%", grid: true, domain: [0, top] },
    ariaDescription: `${options.length} lines: share per year of each option, with 95% intervals; breaks marked ‡`,
    marks: [
      Plot.ruleY([0]),
      Plot.ruleX(rules, {
        x: "x",
        stroke: "currentColor",
        strokeDasharray: "4,3",
        strokeOpacity: 0.6,
        ariaDescription: "breaks",
      }),
      Plot.text(rules, {
        x: "x",
        frameAnchor: "top",
        dy: -16,
        text: "text",
        fontSize: 12,
        fill: "currentColor",
        ariaDescription: "break numbers",
      }),
      Plot.ruleX(drawn, {
        x,
        y1: "ci_low",
        y2: "ci_high",
        stroke: (/** @type {Point} */ p) => color.get(p.option),
        strokeOpacity: 0.7,
        ariaDescription: "95% intervals",
      }),
      Plot.line(drawn, {
        x,
        y: "share",
        z: "segment",
        stroke: (/** @type {Point} */ p) => color.get(p.option),
        strokeWidth: 2,
        ariaDescription: "lines",
      }),
      Plot.dot(drawn, {
        x,
        y: "share",
        r: 3.5,
        fill: (/** @type {Point} */ p) => color.get(p.option),
        fillOpacity: (/** @type {Point} */ p) => (p.small_base ? 0.35 : 1),
        stroke: "var(--theme-background)",
        ariaDescription: "points",
      }),
      Plot.tip(drawn, Plot.pointer({ x, y: "share", title: tip })),
    ],
  });
  // Plot's scales take colours as given (no scale): the key below names them.
  const key = html`<ul class="chart-key" aria-label="Chart key">
    ${options.map((o) => html`<li>${swatch(color.get(o), false)}${o}</li>`)}
    <li>${whisker()}95% interval</li>
    ${rules.length ? html`<li>‡ dashed: a break between the two years (numbered below); the line stops there</li>` : ""}
    ${drawn.some((p) => p.small_base) ? html`<li>faint point: small base, not tested</li>` : ""}
  </ul>`;
  const figure = document.createElement("figure");
  figure.className = "kc-plot explorer-lines";
  figure.append(key, accessiblePlot(svg));
  return { figure, colors: options.map((o) => [o, color.get(o)]) };
}
