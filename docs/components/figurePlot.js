import * as Plot from "@observablehq/plot";
import { countOfN, interval, pct } from "./format.js";

const tipTitle = (d) =>
  `${d.category}\n${d.segment}, ${d.year}${d.source === "published" ? " (published in the book)" : ""}\n${pct(d.share)} (${countOfN(d)})\n95% interval ${interval(d)}`;

/** Bars per category, one bar per segment, with 95% interval whiskers: the option figures. */
export function categoryBars(rows, { width, categories, segments }) {
  const longest = Math.max(...categories.map((c) => c.length));
  return Plot.plot({
    width,
    height: 40 + categories.length * Math.max(1, segments.length) * 16,
    marginLeft: Math.min(width * 0.45, 12 + longest * 6.2),
    marginRight: 40,
    x: {
      label: "share of respondents →",
      tickFormat: "%",
      grid: true,
      domain: [0, Math.min(1, Math.max(0.05, ...rows.map((r) => r.ci_high ?? r.share)))],
    },
    y: { axis: null, domain: segments },
    fy: { label: null, domain: categories, padding: 0.15 },
    color: { domain: segments, legend: segments.length > 1 },
    ariaDescription: `${rows.length} bars: share of respondents per option and segment, with 95% intervals`,
    marks: [
      Plot.barX(rows, {
        x: "share",
        y: "segment",
        fy: "category",
        fill: "segment",
        fillOpacity: (d) => (d.source === "published" ? 0.4 : 1),
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
        },
      ),
      Plot.text(rows, {
        x: "share",
        y: "segment",
        fy: "category",
        text: (d) => pct(d.share, 0),
        dx: 4,
        textAnchor: "start",
        fontSize: 10,
        fill: "currentColor",
      }),
      Plot.ruleX([0]),
      Plot.tip(rows, Plot.pointer({ x: "share", y: "segment", fy: "category", title: tipTitle })),
    ],
  });
}

/** One bar per year or per segment, with whiskers: the single-share figures. */
export function valueBars(rows, { width, by }) {
  const domain = [...new Set(rows.map((r) => String(r[by])))];
  return Plot.plot({
    width,
    height: 300,
    marginBottom: 40,
    x: { label: null, domain, type: "band", padding: 0.25 },
    y: {
      label: "↑ share of respondents",
      tickFormat: "%",
      grid: true,
      domain: [0, Math.min(1, Math.max(...rows.map((r) => r.ci_high ?? r.share)) + 0.05)],
    },
    ariaDescription: `${rows.length} bars: ${rows.map((r) => `${r[by]} ${pct(r.share)}`).join(", ")}`,
    marks: [
      Plot.barY(rows, {
        x: (d) => String(d[by]),
        y: "share",
        fill: "var(--theme-foreground-focus)",
        fillOpacity: (d) => (d.source === "published" ? 0.35 : 1),
      }),
      Plot.ruleX(
        rows.filter((r) => r.ci_low !== null),
        {
          x: (d) => String(d[by]),
          y1: "ci_low",
          y2: "ci_high",
          stroke: "currentColor",
          strokeWidth: 1.5,
        },
      ),
      Plot.text(rows, {
        x: (d) => String(d[by]),
        y: "share",
        text: (d) => pct(d.share, 0) + (d.source === "published" ? " (book)" : ""),
        dy: -8,
        fill: "currentColor",
      }),
      Plot.ruleY([0]),
      Plot.tip(rows, Plot.pointerX({ x: (d) => String(d[by]), y: "share", title: tipTitle })),
    ],
  });
}
