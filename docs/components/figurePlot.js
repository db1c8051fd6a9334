import * as Plot from "@observablehq/plot";
import { countOfN, interval, pct } from "./format.js";
import { segmentColors } from "./palette.js";
import { sampleLabel } from "./sampleRows.js";
import { sourceText } from "./years.js";

const tipTitle = (label) => (d) =>
  `${d.category}\n${d.segment}, ${label(d.year)}\n${pct(d.share)} (${countOfN(d)})\n95% interval ${interval(d)}\n${sourceText(d.source)}${d.sample === "all" ? "" : `, ${sampleLabel(d.sample)}`}`;
const faded = (d) => d.source !== "computed";

/** Bars per category, one bar per segment, with 95% interval whiskers: the option figures. */
export function categoryBars(rows, { width, categories, segments, palette, label = String }) {
  // Only the segments with a value this year take a bar slot (regions were recut in 2022).
  const drawn = segments.filter((s) => rows.some((r) => r.segment === s));
  const longest = Math.max(...categories.map((c) => c.length));
  const marginLeft = Math.min(width * 0.45, 12 + longest * 6.2);
  // Long option labels wrap in the margin; the band grows to hold their lines.
  const lines = Math.ceil((longest * 6.2) / (marginLeft - 12));
  const band = Math.max(drawn.length * 16, lines * 12 + 6);
  return Plot.plot({
    width,
    height: 40 + categories.length * band,
    marginLeft,
    marginRight: 40,
    x: {
      label: "share of respondents →",
      tickFormat: "%",
      grid: true,
      domain: [0, Math.min(1, Math.max(0.05, ...rows.map((r) => r.ci_high ?? r.share)))],
    },
    y: { axis: null, domain: drawn },
    fy: { domain: categories, padding: 0.15 },
    color: segmentColors(drawn, palette),
    ariaDescription: `${rows.length} bars: share of respondents per option and segment, with 95% intervals`,
    marks: [
      Plot.barX(rows, {
        x: "share",
        y: "segment",
        fy: "category",
        fill: "segment",
        fillOpacity: (d) => (faded(d) ? 0.4 : 1),
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
      Plot.axisFy({ anchor: "left", label: null, lineWidth: (marginLeft - 12) / 10 }),
      Plot.tip(
        rows,
        Plot.pointer({ x: "share", y: "segment", fy: "category", title: tipTitle(label) }),
      ),
    ],
  });
}

/** One bar per year or per segment, with whiskers: the single-share figures. */
export function valueBars(rows, { width, by, label = String }) {
  const key = (d) => (by === "year" ? label(d.year) : String(d[by]));
  const domain = [...new Set(rows.map(key))];
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
    ariaDescription: `${rows.length} bars: ${rows.map((r) => `${key(r)} ${pct(r.share)}`).join(", ")}`,
    marks: [
      Plot.barY(rows, {
        x: key,
        y: "share",
        fill: "var(--theme-foreground-focus)",
        fillOpacity: (d) => (faded(d) ? 0.35 : 1),
      }),
      Plot.ruleX(
        rows.filter((r) => r.ci_low !== null),
        {
          x: key,
          y1: "ci_low",
          y2: "ci_high",
          stroke: "currentColor",
          strokeWidth: 1.5,
        },
      ),
      Plot.text(rows, {
        x: key,
        y: "share",
        text: (d) =>
          pct(d.share, 0) +
          (d.source === "published" ? " (book)" : d.source === "marginal" ? " (summary)" : ""),
        dy: -8,
        fill: "currentColor",
      }),
      Plot.ruleY([0]),
      Plot.tip(rows, Plot.pointerX({ x: key, y: "share", title: tipTitle(label) })),
    ],
  });
}
