import * as Plot from "@observablehq/plot";
import { countOfN, interval, pct } from "./format.js";
import { accessiblePlot, barKey } from "./chartKey.js";
import { segmentColors } from "./palette.js";
import { sampleLabel } from "./sampleRows.js";
import { sourceText } from "./years.js";

/** @typedef {import("../../src/site/site-data-types.ts").FigureRow} Row */
/** @typedef {(year: number) => string} Label */
/**
 * The lead note as the bars carry it: its number, which rows it applies to, its text.
 * @typedef {{ number: number, applies: (row: Row) => boolean, text: string }} Mark
 */

const tipTitle = (/** @type {Label} */ label) => (/** @type {Row} */ d) =>
  `${d.category}\n${d.segment}, ${label(d.year)}\n${pct(d.share)} (${countOfN(d)})\n95% interval ${interval(d)}\n${sourceText(d.source)}${d.sample === "all" ? "" : `, ${sampleLabel(d.sample)}`}`;
const faded = (/** @type {Row} */ d) => d.source !== "computed";
/** Where a value label goes: past the whisker's end, so the whisker never crosses it. */
const labelAt = (/** @type {Row} */ d) => Math.max(d.share, d.ci_high ?? d.share);
/** A halo in the page's background behind a label, so grid lines do not cross it either. */
const halo = /** @type {const} */ ({
  stroke: "var(--theme-background)",
  strokeWidth: 3,
  paintOrder: "stroke",
});
/**
 * Chart text at 12 px: the smallest a phone reader can read. The interactive card draws at the
 * real width, so it is not scaled down; a label is about 7.2 px a character at that size.
 */
export const FONT_SIZE = 12;
const CHAR = 7.2;
const BREAK_COLOR = "var(--kc-break)";
/**
 * The lead note's number beside each bar it applies to (`mark`: `{ number, applies(row), text }`),
 * in the break colour, its note in the tooltip (<title>); the key explains it.
 * @param {Row[]} rows
 * @param {Mark} mark
 * @param {import("@observablehq/plot").TextOptions} options
 */
const noteMark = (rows, mark, options) =>
  Plot.text(
    rows.filter((r) => mark.applies(r)),
    {
      text: () => `‡${mark.number}`,
      fill: BREAK_COLOR,
      fontWeight: "bold",
      fontSize: FONT_SIZE,
      ...halo,
      ariaDescription: "note marks",
      ...options,
    },
  );
const markedRows = (/** @type {Row[]} */ rows, /** @type {Mark | undefined} */ mark) =>
  mark ? rows.filter((r) => mark.applies(r)) : [];
/** A chart with its key above it, as one element (as Plot returns a chart with a legend). */
const withKey = (/** @type {SVGSVGElement | HTMLElement} */ svg, /** @type {Node} */ key) => {
  const figure = document.createElement("figure");
  figure.className = "kc-plot";
  figure.append(key, accessiblePlot(svg));
  return figure;
};

/**
 * Bars per category, one bar per segment, with 95% interval whiskers: the option figures.
 * @param {Row[]} rows
 * @param {{ width: number, categories: string[], segments: string[], palette?: Map<string, string>, label?: Label, mark?: Mark }} options
 */
export function categoryBars(rows, { width, categories, segments, palette, label = String, mark }) {
  const marked = markedRows(rows, mark);
  // Only the segments with a value this year take a bar slot (regions were recut in 2022).
  const drawn = segments.filter((s) => rows.some((r) => r.segment === s));
  const longest = Math.max(...categories.map((c) => c.length));
  const marginLeft = Math.min(width * 0.45, 12 + longest * CHAR);
  // Long option labels wrap in the margin; the band grows to hold their lines (one more than the
  // estimate: words do not break where the estimate does), so the first never runs off the top.
  const lines =
    Math.ceil((longest * CHAR) / (marginLeft - 12)) + Number(longest * CHAR > marginLeft - 12);
  // 20 px a bar: each bar's label (14 px tall) clear of its neighbours'.
  const band = Math.max(drawn.length * 20, lines * 14 + 8);
  const color = segmentColors(drawn, palette, false);
  const svg = Plot.plot({
    width,
    height: 40 + categories.length * band,
    marginLeft,
    // Room for a label past the longest whisker, and a note mark after it.
    marginRight: marked.length ? 74 : 48,
    style: { fontSize: `${FONT_SIZE}px` },
    x: {
      label: "share of respondents →",
      tickFormat: "%",
      grid: true,
      domain: [0, Math.min(1, Math.max(0.05, ...rows.map((r) => r.ci_high ?? r.share)))],
    },
    y: { axis: null, domain: drawn },
    fy: { domain: categories, padding: 0.15 },
    color,
    ariaDescription: `${rows.length} bars: share of respondents per option and segment, with 95% intervals`,
    marks: [
      Plot.barX(rows, {
        x: "share",
        y: "segment",
        fy: "category",
        fill: "segment",
        fillOpacity: (/** @type {Row} */ d) => (faded(d) ? 0.4 : 1),
      }),
      Plot.ruleY(
        rows.filter((r) => r.ci_low !== null),
        {
          x1: "ci_low",
          x2: "ci_high",
          y: "segment",
          fy: "category",
          stroke: "currentColor",
          strokeWidth: 1.2,
          ariaDescription: "95% intervals",
        },
      ),
      Plot.text(rows, {
        x: labelAt,
        y: "segment",
        fy: "category",
        text: (/** @type {Row} */ d) => pct(d.share, 0),
        dx: 4,
        textAnchor: "start",
        fontSize: FONT_SIZE,
        fill: "currentColor",
        ...halo,
        ariaDescription: "value labels",
      }),
      // After the value label ("100%" is four characters).
      ...(marked.length
        ? [
            // why: rows are marked only when there is a mark
            noteMark(rows, /** @type {Mark} */ (mark), {
              x: labelAt,
              y: "segment",
              fy: "category",
              dx: 4 + 4 * CHAR + 4,
              textAnchor: "start",
              title: (/** @type {Row} */ d) =>
                `${d.category}, ${d.segment}, ${label(d.year)}: note ${mark?.number}, ${mark?.text}`,
            }),
          ]
        : []),
      Plot.ruleX([0]),
      Plot.axisFy({ anchor: "left", label: null, lineWidth: (marginLeft - 12) / FONT_SIZE }),
      Plot.tip(
        rows,
        Plot.pointer({ x: "share", y: "segment", fy: "category", title: tipTitle(label) }),
      ),
    ],
  });
  return withKey(
    svg,
    barKey({
      segments: drawn,
      colors: color.range,
      sources: [...new Set(rows.map((r) => r.source))],
      whiskers: rows.some((r) => r.ci_low !== null),
      mark: marked.length ? mark : undefined,
    }),
  );
}

/**
 * How a band axis's labels fit at 12 px: as they are where each fits its band; else wrapped at
 * spaces ("1H 2020" on a phone) where each word fits; else turned 45°, with the bottom margin
 * they need ("1000-4999" under nine bars on a phone).
 * @param {string[]} domain
 * @param {number} width
 * @param {{ marginLeft?: number, marginRight?: number }} [margins]
 * @returns {{ format: ((d: string) => string) | undefined, rotate: number, marginBottom: number }}
 */
export function bandTicks(domain, width, { marginLeft = 40, marginRight = 20 } = {}) {
  const step = (width - marginLeft - marginRight) / Math.max(1, domain.length) - 4;
  const longest = (/** @type {string[]} */ texts) =>
    Math.max(0, ...texts.map((t) => t.length)) * CHAR;
  if (longest(domain) <= step) return { format: undefined, rotate: 0, marginBottom: 40 };
  if (longest(domain.flatMap((d) => d.split(" "))) <= step)
    return {
      format: (/** @type {string} */ d) => String(d).replace(/ /g, "\n"),
      rotate: 0,
      marginBottom: 46,
    };
  return { format: undefined, rotate: -45, marginBottom: 16 + Math.ceil(longest(domain) * 0.72) };
}

/**
 * One bar per year or per segment, with whiskers: the single-share figures.
 * @param {Row[]} rows
 * @param {{ width: number, by: "year" | "segment" | "category", label?: Label, mark?: Mark }} options
 */
export function valueBars(rows, { width, by, label = String, mark }) {
  const marked = markedRows(rows, mark);
  const key = (/** @type {Row} */ d) => (by === "year" ? label(d.year) : String(d[by]));
  const domain = [...new Set(rows.map(key))];
  const color = "var(--theme-foreground-focus)";
  // The source word under a label only where a bar is wide enough for it (64 px): on a phone the
  // faded bar, the key and the tooltip say it, and neighbouring labels stay apart.
  const roomy = (width - 60) / domain.length >= 64;
  const ticks = bandTicks(domain, width);
  // A bar whose label takes a second line ("(book)") is never a marked one (a computed year's).
  const labelLines = (/** @type {Row} */ d) => (roomy && d.source !== "computed" ? 2 : 1);
  const svg = Plot.plot({
    width,
    height: 300,
    // Room above the tallest whisker for its two-line label, or a label and a note mark.
    marginTop: marked.length ? 40 : 34,
    style: { fontSize: `${FONT_SIZE}px` },
    marginBottom: ticks.marginBottom,
    x: {
      label: null,
      domain,
      type: "band",
      padding: 0.25,
      tickFormat: ticks.format,
      tickRotate: ticks.rotate,
    },
    y: {
      label: "↑ share of respondents",
      tickFormat: "%",
      grid: true,
      domain: [0, Math.min(1, Math.max(...rows.map(labelAt)))],
    },
    ariaDescription: `${rows.length} bars: ${rows.map((r) => `${key(r)} ${pct(r.share)}`).join(", ")}`,
    marks: [
      Plot.barY(rows, {
        x: key,
        y: "share",
        fill: color,
        fillOpacity: (/** @type {Row} */ d) => (faded(d) ? 0.35 : 1),
      }),
      Plot.ruleX(
        rows.filter((r) => r.ci_low !== null),
        {
          x: key,
          y1: "ci_low",
          y2: "ci_high",
          stroke: "currentColor",
          strokeWidth: 1.5,
          ariaDescription: "95% intervals",
        },
      ),
      // Above the whisker's top, the source on a second line: narrow bars on a phone.
      Plot.text(rows, {
        x: key,
        y: labelAt,
        text: (/** @type {Row} */ d) =>
          pct(d.share, 0) +
          (!roomy
            ? ""
            : d.source === "published"
              ? "\n(book)"
              : d.source === "marginal"
                ? "\n(summary)"
                : ""),
        lineAnchor: "bottom",
        dy: -4,
        fontSize: FONT_SIZE,
        fill: "currentColor",
        ...halo,
        ariaDescription: "value labels",
      }),
      // Above the value label.
      ...(marked.length
        ? [
            noteMark(rows, /** @type {Mark} */ (mark), {
              x: key,
              y: labelAt,
              lineAnchor: "bottom",
              dy: -4 - 15 * labelLines(/** @type {Row} */ (marked[0])),
              title: (/** @type {Row} */ d) => `${key(d)}: note ${mark?.number}, ${mark?.text}`,
            }),
          ]
        : []),
      Plot.ruleY([0]),
      Plot.tip(rows, Plot.pointerX({ x: key, y: "share", title: tipTitle(label) })),
    ],
  });
  return withKey(
    svg,
    barKey({
      colors: [color],
      sources: [...new Set(rows.map((r) => r.source))],
      whiskers: rows.some((r) => r.ci_low !== null),
      mark: marked.length ? mark : undefined,
    }),
  );
}
