import * as Plot from "@observablehq/plot";
import { countOfN, interval, pct } from "./format.js";
import { accessiblePlot } from "./chartKey.js";
import { formatNumbers } from "./noteNumbers.js";
import { segmentColors } from "./palette.js";
import { sampleLabel } from "./sampleRows.js";
import { sourceMark, sourceText } from "./years.js";

const BREAK_COLOR = "var(--kc-break)";
/** Chart text at 12 px, as the bar charts (figurePlot.js): legible on a phone. */
const FONT_SIZE = 12;

/**
 * Share by year, one series per segment, with 95% whiskers: computed values filled, the book's
 * hollow; a dashed connector into a year whose row has a break, and that year's note numbers
 * above it (the list under the chart says what they are). A 2021 summary counts another base
 * (everyone who answered its one question), so it is an annotation, not a point of the line: a
 * hollow diamond apart from it, labelled with its wave and base (`annotationOf(row)` gives
 * `{ wave, base }`), the line running from the year before it to the year after.
 * `yearTick(year)` names a year on the axis ("2022\n(community)"). `years` are the years the axis
 * spans, from the data (the site data's `trendYears`): a year the data gains widens it.
 * @typedef {import("../../src/site/site-data-types.ts").FigureRow} Row
 * @typedef {Row & { x: number, marks: number[] }} Point
 * @param {Row[]} rows
 * @param {{ width: number, years: number[], segments: string[], palette?: Map<string, string>, label: (year: number) => string, numbersOf: (row: Row) => number[], annotationOf: (row: Row) => { wave?: number, base: string }, yearTick?: (year: number) => string }} options
 */
export function trendPlot(
  rows,
  { width, years: spanned, segments, palette, label, numbersOf, annotationOf, yearTick = label },
) {
  // why: a row's year is always on the axis, even where the caller's span leaves it out
  const years = [...new Set([...spanned, ...rows.map((r) => r.year)])].sort((a, b) => a - b);
  // Series side by side within a year, so their whiskers do not hide each other.
  const step = Math.min(0.12, 0.6 / segments.length);
  const points = rows.map((r) => ({
    ...r,
    x: r.year + (segments.indexOf(r.segment) - (segments.length - 1) / 2) * step,
    marks: numbersOf(r),
  }));
  const annotations = points.filter((p) => p.source === "marginal");
  // The summary years by name, as the data has them ("2021").
  const summaryYears = [...new Set(annotations.map((p) => label(p.year)))].join(", ");
  /** @type {{ from: Point, to: Point, segment: string, broken: boolean }[]} */
  const links = [];
  for (const segment of segments) {
    const line = points
      .filter((p) => p.segment === segment && p.source !== "marginal")
      .sort((a, b) => a.year - b.year);
    line.slice(1).forEach((to, i) =>
      // why: `i` counts from the second point, so line[i] is the one before `to`
      links.push({
        from: /** @type {Point} */ (line[i]),
        to,
        segment,
        broken: to.notes.length > 0,
      }),
    );
  }
  const markers = [...new Set(points.map((p) => p.year))].flatMap((year) => {
    const here = points.filter((p) => p.year === year);
    const numbers = here.flatMap((p) => p.marks);
    if (numbers.length === 0) return [];
    const text = formatNumbers(numbers);
    return [
      {
        year,
        y: Math.max(...here.map((p) => p.ci_high ?? p.share)),
        text,
        title: `${label(year)}: breaks ${text} (listed below the chart)`,
      },
    ];
  });
  const top = Math.min(1, Math.max(0.1, ...points.map((p) => p.ci_high ?? p.share)) + 0.1);
  /** @typedef {(typeof links)[number]} Link */
  const link = (/** @type {boolean} */ broken) =>
    Plot.link(
      links.filter((l) => l.broken === broken),
      {
        x1: (/** @type {Link} */ l) => l.from.x,
        y1: (/** @type {Link} */ l) => l.from.share,
        x2: (/** @type {Link} */ l) => l.to.x,
        y2: (/** @type {Link} */ l) => l.to.share,
        stroke: "segment",
        strokeWidth: 1.6,
        strokeOpacity: broken ? 0.85 : 1,
        ...(broken ? { strokeDasharray: "5,4" } : {}),
        ariaDescription: broken ? "break connectors" : "connectors",
        title: (/** @type {Link} */ l) =>
          broken
            ? `${label(l.from.year)} → ${label(l.to.year)}: not comparable as is (breaks ${formatNumbers(l.to.marks)})`
            : `${label(l.from.year)} → ${label(l.to.year)}`,
      },
    );
  const computed = points.filter((p) => p.source === "computed");
  const printed = points.filter((p) => p.source === "published");
  // One label per annotated year, under its lowest whisker, or over the highest (and over that
  // year's break numbers) where the bottom of the chart has no room for two lines.
  const labels = [...new Set(annotations.map((p) => p.year))].map((year) => {
    const here = annotations.filter((p) => p.year === year);
    const low = Math.min(...here.map((p) => p.ci_low ?? p.share));
    const high = Math.max(...here.map((p) => p.ci_high ?? p.share));
    // why: `year` comes from these annotations, so `here` holds at least one
    const { wave, base } = annotationOf(/** @type {Point} */ (here[0]));
    const below = low > top * 0.3;
    const breaks = markers.some((m) => m.year === year);
    return {
      year,
      y: below ? low : high,
      dy: below ? 8 : breaks ? -30 : -10,
      // Three short lines: on a phone a year is ~45 px wide, and the neighbours' marks stay clear.
      text: `${wave ? `wave ${wave}` : "summary"}\nbase:\n${base}`,
    };
  });
  // On a phone a year is about 45 px wide: "1H 2020" takes two lines, and a split year's sample
  // its short name ("2022 (comm.)"), so neighbouring years' labels stay apart at 12 px.
  const narrow = width < 520;
  const tick = (/** @type {number} */ year) =>
    narrow
      ? yearTick(year)
          .replace(/^1H /, "1H\n")
          .replace("(community)", "(comm.)")
          .replace("(paid panel)", "(panel)")
      : yearTick(year);
  const plot = Plot.plot({
    width,
    // One year alone (a question new in 2022) needs less room.
    height: links.length ? Math.min(320, Math.max(220, width * 0.45)) : 200,
    marginTop: labels.some((l) => l.dy === -30) ? 66 : labels.some((l) => l.dy < 0) ? 46 : 28,
    marginRight: narrow ? 24 : 16,
    style: { fontSize: `${FONT_SIZE}px` },
    // Room for a second line under a year ("(community)").
    marginBottom: narrow ? 46 : 40,
    x: {
      domain: [
        /** @type {number} */ (years[0]) - 0.45,
        /** @type {number} */ (years.at(-1)) + 0.45,
      ],
      ticks: years,
      tickFormat: tick,
      label: null,
    },
    y: { domain: [0, top], tickFormat: "%", grid: true, label: "↑ share" },
    color: segmentColors(segments, palette),
    ariaDescription: `${points.length - annotations.length} points: share by survey year with 95% intervals; ${annotations.length} ${summaryYears} summary values drawn apart from the line; ${markers.length} years with breaks`,
    marks: [
      Plot.ruleY([0]),
      link(false),
      link(true),
      Plot.ruleX(
        points.filter((p) => p.ci_low !== null),
        {
          x: "x",
          y1: "ci_low",
          y2: "ci_high",
          stroke: "segment",
          strokeWidth: 1.5,
          strokeOpacity: (/** @type {Point} */ p) => (p.source === "computed" ? 0.9 : 0.45),
          ariaDescription: "95% intervals",
        },
      ),
      Plot.dot(computed, {
        x: "x",
        y: "share",
        fill: "segment",
        r: 4,
        ariaDescription: "computed values",
      }),
      Plot.dot(printed, {
        x: "x",
        y: "share",
        stroke: "segment",
        fill: "var(--theme-background)",
        strokeWidth: 1.8,
        r: 4.5,
        ariaDescription: "printed values",
      }),
      // dy and lineAnchor are constants in Plot, not channels: one mark per placement.
      ...[...new Set(labels.map((l) => l.dy))].map((dy) =>
        Plot.text(
          labels.filter((l) => l.dy === dy),
          {
            x: "year",
            y: "y",
            dy,
            lineAnchor: dy > 0 ? "top" : "bottom",
            text: "text",
            fontSize: FONT_SIZE,
            fill: "currentColor",
            stroke: "var(--theme-background)",
            strokeWidth: 3,
            paintOrder: "stroke",
            ariaDescription: "summary labels",
          },
        ),
      ),
      Plot.dot(annotations, {
        x: "x",
        y: "share",
        symbol: "diamond",
        stroke: "segment",
        fill: "var(--theme-background)",
        strokeWidth: 1.8,
        r: 5,
        ariaDescription: `${summaryYears} summaries`,
      }),
      Plot.text(markers, {
        x: "year",
        y: "y",
        text: "text",
        title: "title",
        dy: -12,
        fill: BREAK_COLOR,
        fontWeight: "bold",
        fontSize: FONT_SIZE,
        stroke: "var(--theme-background)",
        strokeWidth: 3,
        paintOrder: "stroke",
        ariaDescription: "break markers",
      }),
      Plot.tip(
        points,
        Plot.pointer({
          x: "x",
          y: "share",
          title: (/** @type {Point} */ p) =>
            [
              `${p.category}`,
              `${p.segment === "all" ? "" : `${p.segment}, `}${label(p.year)}${sourceMark(p.source)}`,
              `${pct(p.share)} (${countOfN(p)})`,
              `95% interval ${interval(p)}`,
              `${sourceText(p.source)}${p.sample === "all" ? "" : `, ${sampleLabel(p.sample)}`}`,
              p.source === "marginal"
                ? `wave ${annotationOf(p).wave ?? "?"}, base: ${annotationOf(p).base}; not joined to the line`
                : "",
              p.marks.length ? `breaks ${formatNumbers(p.marks)} (see below)` : "",
            ]
              .filter(Boolean)
              .join("\n"),
        }),
      ),
    ],
  });
  return accessiblePlot(plot);
}
