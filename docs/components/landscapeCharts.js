import * as Plot from "@observablehq/plot";
import { html } from "htl";
import { accessiblePlot, maturityKey, swatch, whisker } from "./chartKey.js";
import { pct } from "./format.js";
import { COLORS, MATURITY_COLORS, maturityColors, maturityLabel } from "./palette.js";
import { sourceMark, yearLabel } from "./years.js";
import { SAMPLE_MARK } from "./generated/browser.js";

// Seventeen-odd categories: the figure palette, then five more hues, so lines rarely share one.
const CATEGORY_COLORS = [...COLORS, "#5a3e8c", "#d95f02", "#7a7a00", "#0b7285", "#e377c2"];
const LABEL_GAP = 12; // px between two line labels: 10 px text never overlaps at this distance

/** @typedef {import("../../src/site/site-data-types.ts").LandscapeOverview["categoryCounts"][number]} CategoryCount */

/**
 * A chart and its key as one element, the key first so a phone reader meets it before the marks.
 * @param {SVGSVGElement | HTMLElement} svg
 * @param {Node} key
 */
function withKey(svg, key, after = false) {
  const figure = document.createElement("figure");
  figure.className = "kc-plot";
  figure.append(...(after ? [accessiblePlot(svg), key] : [key, accessiblePlot(svg)]));
  return figure;
}

/**
 * Items per category in every snapshot; the selected category drawn bold. Only the line ends that
 * have room are labelled (the selected category first, then the largest), never two within
 * LABEL_GAP px; on a phone none are. Every category is in the key under the chart, with its
 * colour and newest count, so an unlabelled line is still named.
 * @param {CategoryCount[]} counts
 * @param {{ width: number, selected: string }} options
 */
export function categoryCountsChart(counts, { width, selected }) {
  const height = 320;
  const marginTop = 20;
  const marginBottom = 30;
  const wide = width >= 600;
  /** @type {Map<string, CategoryCount>} */
  const last = new Map();
  for (const d of counts) {
    const known = last.get(d.category);
    if (!known || known.snapshot < d.snapshot) last.set(d.category, d);
  }
  // why: every category in `categories` is a key of `last`
  const newest = (/** @type {string} */ c) => /** @type {CategoryCount} */ (last.get(c)).items;
  const ends = [...last.values()].sort(
    (a, b) =>
      Number(b.category === selected) - Number(a.category === selected) || b.items - a.items,
  );
  const categories = [...last.keys()].sort((a, b) => newest(b) - newest(a));
  const top = Math.max(...counts.map((d) => d.items));
  const yOf = (/** @type {number} */ v) =>
    marginTop + (1 - v / top) * (height - marginTop - marginBottom);
  /** @type {CategoryCount[]} */
  const labelled = [];
  if (wide)
    for (const d of ends)
      if (labelled.every((l) => Math.abs(yOf(l.items) - yOf(d.items)) >= LABEL_GAP))
        labelled.push(d);
  const color = {
    domain: categories,
    range: categories.map((_, i) => CATEGORY_COLORS[i % CATEGORY_COLORS.length]),
  };
  const svg = Plot.plot({
    width,
    height,
    marginTop,
    marginBottom,
    marginRight: wide ? 190 : 20,
    x: { type: "utc", label: null },
    y: { label: "↑ items", grid: true, domain: [0, top] },
    color,
    ariaDescription: "Items per landscape category in each snapshot",
    marks: [
      Plot.lineY(counts, {
        x: (/** @type {CategoryCount} */ d) => new Date(d.snapshot),
        y: "items",
        z: "category",
        stroke: "category",
        strokeWidth: (/** @type {CategoryCount} */ d) => (d.category === selected ? 3 : 1.2),
        strokeOpacity: (/** @type {CategoryCount} */ d) =>
          !selected || d.category === selected ? 1 : 0.35,
      }),
      Plot.dot(counts, {
        x: (/** @type {CategoryCount} */ d) => new Date(d.snapshot),
        y: "items",
        fill: "category",
        r: 2,
      }),
      // One mark per weight: Plot's fontWeight is a constant, not a channel (a function given
      // to it was written into the attribute as its source text, so the selected label was not bold).
      ...[false, true].map((bold) =>
        Plot.text(
          labelled.filter((d) => (d.category === selected) === bold),
          {
            x: (/** @type {CategoryCount} */ d) => new Date(d.snapshot),
            y: "items",
            text: "category",
            dx: 6,
            textAnchor: "start",
            fontSize: 10,
            fontWeight: bold ? "bold" : "normal",
            fill: "currentColor",
            ariaDescription: "line labels",
          },
        ),
      ),
      Plot.tip(
        counts,
        Plot.pointer({
          x: (/** @type {CategoryCount} */ d) => new Date(d.snapshot),
          y: "items",
          title: (/** @type {CategoryCount} */ d) =>
            `${d.category}\n${d.snapshot}: ${d.items} items`,
        }),
      ),
    ],
  });
  const key = html`<ul class="chart-key category-key" aria-label="Categories, newest count">
    ${categories.map(
      (c, i) =>
        html`<li class=${c === selected ? "selected" : ""}>
          ${swatch(color.range[i])}${c} (${newest(c)})
        </li>`,
    )}
  </ul>`;
  return withKey(svg, key, true);
}

const STAGES = ["sandbox", "incubating", "graduated", "archived"];

/**
 * Each CNCF project's path: sandbox from acceptance, then incubating, graduated, archived.
 * @param {import("../../src/site/site-data-types.ts").TimelineProject[]} projects
 * @param {{ width: number, today: string }} options
 */
export function maturityTimeline(projects, { width, today }) {
  const segments = projects.flatMap((p) => {
    const marks = /** @type {[string, string][]} */ (
      [
        ["sandbox", p.accepted],
        ["incubating", p.incubating],
        ["graduated", p.graduated],
        ["archived", p.archived],
      ].filter(([, d]) => d)
    );
    // A project accepted straight into incubation has the same date for both.
    return marks
      .map(([stage, from], i) => ({
        name: p.name,
        stage,
        from: new Date(from),
        to: new Date(marks[i + 1]?.[1] ?? today),
      }))
      .filter((s) => s.to > s.from || s.stage === "archived");
  });
  // Names get the room they need, up to 40% of a phone's width; longer ones wrap.
  const longest = Math.max(...projects.map((p) => p.name.length));
  const marginLeft = Math.min(width * 0.4, 12 + longest * 6.2);
  const lines =
    Math.ceil((longest * 6.2) / (marginLeft - 12)) + Number(longest * 6.2 > marginLeft - 12);
  const svg = Plot.plot({
    width,
    height: 30 + projects.length * Math.max(14, lines * 11 + 3),
    marginLeft,
    x: { type: "utc", label: null, grid: true },
    y: { label: null, domain: projects.map((p) => p.name) },
    color: maturityColors(STAGES),
    ariaDescription: `Maturity path of ${projects.length} CNCF projects`,
    marks: [
      Plot.barX(segments, {
        x1: "from",
        x2: "to",
        y: "name",
        fill: "stage",
        insetTop: 2,
        insetBottom: 2,
      }),
      Plot.axisY({ label: null, lineWidth: (marginLeft - 12) / 10 }),
      Plot.tip(
        segments,
        Plot.pointer({
          x1: "from",
          x2: "to",
          y: "name",
          title: (/** @type {(typeof segments)[number]} */ d) =>
            `${d.name}: ${d.stage} from ${d.from.toISOString().slice(0, 10)}`,
        }),
      ),
    ],
  });
  return withKey(svg, maturityKey(STAGES));
}

/**
 * The 2020 stack page's adoption bars: one project's share using it in production per survey,
 * coloured by its CNCF maturity then, with the 95% interval; the label sits past the whisker's
 * top, and the survey is named by its period (1H 2020, 2021 wave 2), marked when its share is a
 * published summary's or one part of a panel year's sample.
 * @typedef {import("../../src/site/site-data-types.ts").AdoptionFile[number]} AdoptionRow
 * @param {AdoptionRow[]} rows
 * @param {{ width: number, surveys?: import("../../src/site/site-data-types.ts").SurveyPeriod[] }} options
 */
export function adoptionChart(rows, { width, surveys = [] }) {
  const label = yearLabel(surveys);
  const x = (/** @type {AdoptionRow} */ d) =>
    `${d.period ?? label(d.year)}${d.basis === "published marginal" ? sourceMark("marginal") : ""}${SAMPLE_MARK[d.sample] ?? ""}`;
  const top = (/** @type {AdoptionRow} */ d) =>
    Math.max(d.production_share, d.production_high ?? d.production_share);
  const maturities = [...new Set(rows.map((d) => d.maturity_then ?? "none"))];
  const svg = Plot.plot({
    width,
    height: 280,
    marginTop: 36,
    x: { label: null, type: "band", domain: rows.map(x) },
    y: { label: "↑ using in production", tickFormat: "%", domain: [0, 1], grid: true },
    color: maturityColors(),
    ariaDescription: `Share using in production per survey: ${rows
      .map((d) => `${x(d)} ${pct(d.production_share, 0)}, ${maturityLabel(d.maturity_then)}`)
      .join("; ")}`,
    marks: [
      Plot.barY(rows, {
        x,
        y: "production_share",
        fill: (/** @type {AdoptionRow} */ d) => d.maturity_then ?? "none",
      }),
      Plot.ruleX(rows, {
        x,
        y1: "production_low",
        y2: "production_high",
        stroke: "currentColor",
        ariaDescription: "95% intervals",
      }),
      Plot.text(rows, {
        x,
        y: top,
        text: (/** @type {AdoptionRow} */ d) => `${pct(d.production_share, 0)}\n(n=${d.n})`,
        lineAnchor: "bottom",
        dy: -4,
        fill: "currentColor",
        stroke: "var(--theme-background)",
        strokeWidth: 3,
        paintOrder: "stroke",
        ariaDescription: "value labels",
      }),
      Plot.ruleY([0]),
    ],
  });
  return withKey(
    svg,
    maturityKey(
      maturities.sort(
        (a, b) => Object.keys(MATURITY_COLORS).indexOf(a) - Object.keys(MATURITY_COLORS).indexOf(b),
      ),
      html`<li>${whisker()}95% interval</li>`,
    ),
  );
}
