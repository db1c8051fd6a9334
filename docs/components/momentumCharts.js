import * as Plot from "@observablehq/plot";
import { html } from "htl";
import { accessiblePlot, swatch, whisker } from "./chartKey.js";
import { pct } from "./format.js";
import { COLORS } from "./palette.js";

// The Momentum page's charts: GitHub counts over the processed snapshots (per category or per
// chosen project) and survey adoption against GitHub attention. Every name drawn comes from the
// data as SVG text or a key item's text, never as markup.

/** @typedef {import("../../src/site/site-data-types.ts").MomentumFile} MomentumFile */
/** @typedef {MomentumFile["adoption"][number]} AdoptionPoint */
/**
 * One value of one line: `part` numbers the stretches of a series that a repository replaced or
 * forked in between cuts (a move keeps one line: GitHub carries the stars along).
 * @typedef {{ name: string, date: Date, value: number, part: number }} SeriesPoint
 */

const count = (/** @type {number} */ v) => v.toLocaleString("en-US");
const day = (/** @type {Date} */ d) => d.toISOString().slice(0, 10);

/**
 * A chart and its key as one element, the key first so a phone reader meets it before the marks.
 * @param {SVGSVGElement | HTMLElement} svg
 * @param {Node} key
 */
function withKey(svg, key) {
  const figure = document.createElement("figure");
  figure.className = "kc-plot";
  figure.append(key, accessiblePlot(svg));
  return figure;
}

/**
 * A line per name over the snapshots, on a log scale (Kubernetes' 68,000 stars beside projects
 * with a few hundred), each line labelled at its last value where the chart is wide enough, and
 * every name in the key with its colour.
 * @param {SeriesPoint[]} points
 * @param {{ width: number, label: string }} options
 */
export function seriesChart(points, { width, label }) {
  const names = [...new Set(points.map((p) => p.name))];
  const color = new Map(names.map((n, i) => [n, COLORS[i % COLORS.length] ?? "currentColor"]));
  const stroke = (/** @type {SeriesPoint} */ p) => color.get(p.name);
  const last = names.flatMap((n) => points.filter((p) => p.name === n).slice(-1));
  const wide = width >= 600;
  const svg = Plot.plot({
    width,
    height: 340,
    marginLeft: 56,
    marginRight: wide ? 150 : 20,
    x: { type: "utc", label: null, ticks: 5 },
    y: { type: "log", label: `↑ ${label}`, grid: true, tickFormat: "~s" },
    ariaDescription: `${label} per snapshot: ${last.map((p) => `${p.name} ${count(p.value)} at ${day(p.date)}`).join("; ")}`,
    marks: [
      Plot.lineY(points, {
        x: "date",
        y: "value",
        z: (/** @type {SeriesPoint} */ p) => `${p.name}\u0000${p.part}`,
        stroke,
        strokeWidth: 2,
        ariaDescription: "lines",
      }),
      Plot.dot(points, { x: "date", y: "value", fill: stroke, r: 3, ariaDescription: "points" }),
      wide
        ? Plot.text(last, {
            x: "date",
            y: "value",
            text: "name",
            textAnchor: "start",
            dx: 6,
            fill: stroke,
            ariaDescription: "line labels",
          })
        : null,
      Plot.tip(
        points,
        Plot.pointer({
          x: "date",
          y: "value",
          title: (/** @type {SeriesPoint} */ p) =>
            `${p.name}\n${day(p.date)}: ${count(p.value)} ${label}`,
        }),
      ),
    ],
  });
  return withKey(
    svg,
    html`<ul class="chart-key" aria-label="Chart key">
      ${names.map((n) => html`<li>${swatch(color.get(n))}${n}</li>`)}
    </ul>`,
  );
}

/**
 * Survey adoption against a GitHub count: one point per product with its 95% interval, labelled
 * with its name; the tooltip gives n, the share and the interval, and the GitHub snapshot read.
 * @param {AdoptionPoint[]} rows products with the GitHub measure and the survey measure (a list
 *   question has no evaluating share: the page offers production only there)
 * @param {{ width: number, measure: "stars" | "contributors", survey: "production_share" | "evaluating_share", period: string }} options
 */
export function adoptionScatter(rows, { width, measure, survey, period }) {
  const low = survey === "production_share" ? "production_low" : "evaluating_low";
  const high = survey === "production_share" ? "production_high" : "evaluating_high";
  const what = survey === "production_share" ? "using in production" : "evaluating";
  const x = (/** @type {AdoptionPoint} */ d) => /** @type {number} */ (d[measure]);
  const tip = (/** @type {AdoptionPoint} */ d) =>
    `${d.project}\n${period}: ${pct(d[survey], 0)} ${what} (n = ${d.n}; 95% interval ${pct(d[low], 0)}–${pct(d[high], 0)})` +
    `\n${count(x(d))} ${measure} on GitHub, ${d.github_snapshot}`;
  const top = Math.min(1, Math.max(0.05, ...rows.map((d) => d[high] ?? 0)));
  const svg = Plot.plot({
    width,
    height: 420,
    marginLeft: 48,
    marginRight: 40,
    marginBottom: 40,
    x: { type: "log", label: `GitHub ${measure} (log scale) →`, tickFormat: "~s", grid: true },
    y: { label: `↑ share ${what}`, tickFormat: "%", domain: [0, top], grid: true },
    ariaDescription: `${period}, share ${what} against GitHub ${measure}: ${rows
      .map((d) => `${d.project} ${pct(d[survey], 0)}, ${count(x(d))}`)
      .join("; ")}`,
    marks: [
      Plot.ruleX(rows, {
        x,
        y1: low,
        y2: high,
        stroke: COLORS[0],
        strokeOpacity: 0.5,
        ariaDescription: "95% intervals",
      }),
      Plot.dot(rows, { x, y: survey, fill: COLORS[0], r: 4, ariaDescription: "products" }),
      Plot.text(rows, {
        x,
        y: survey,
        text: "project",
        textAnchor: "start",
        dx: 6,
        fontSize: 10,
        fill: "currentColor",
        stroke: "var(--theme-background)",
        strokeWidth: 3,
        paintOrder: "stroke",
        ariaDescription: "product labels",
      }),
      Plot.tip(rows, Plot.pointer({ x, y: survey, title: tip })),
    ],
  });
  return withKey(
    svg,
    html`<ul class="chart-key" aria-label="Chart key">
      <li>${swatch(COLORS[0])}a product the survey asked about, matched to its landscape item</li>
      <li>${whisker()}95% interval (Wilson) of the survey share</li>
    </ul>`,
  );
}
