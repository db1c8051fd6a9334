import type { Encoding } from "vega-lite/types_unstable/encoding.js";
import type { Transform } from "vega-lite/types_unstable/transform.js";
import type { FigureRow } from "../survey/figure.ts";

/** The colour of bars when there is only one segment. */
const BAR_COLOR = "#4c78a8";
/** How faint a bar the book printed (not recomputed) is drawn. */
const PUBLISHED_OPACITY = 0.35;

/** Vega's text-width estimate in Node is generous: room for segment names of ~35 characters. */
const LEGEND_LABEL_LIMIT = 320;

export const PERCENT_AXIS = ".0%";
export const WHISKER_COLOR = "#333";

/** Text fields for the tooltip, derived in the spec so the inlined data stay the rows as given. */
export const tooltipTransforms: Transform[] = [
  {
    calculate: "isValid(datum.count) && isValid(datum.n) ? datum.count + ' / ' + datum.n : '–'",
    as: "count_of_n",
  },
  {
    calculate:
      "isValid(datum.ci_low) && isValid(datum.ci_high) ? format(datum.ci_low, '.1%') + '–' + format(datum.ci_high, '.1%') : '–'",
    as: "interval_95",
  },
];

export const tooltip: Encoding<string>["tooltip"] = [
  { field: "year", type: "ordinal", title: "year" },
  { field: "segment", type: "nominal", title: "segment" },
  { field: "category", type: "nominal", title: "category" },
  { field: "share", type: "quantitative", title: "share", format: ".1%" },
  { field: "count_of_n", type: "nominal", title: "count / n" },
  { field: "interval_95", type: "nominal", title: "95% interval" },
  { field: "source", type: "nominal", title: "source" },
];

/** Whiskers only where an interval exists (a published share without its n has none). */
export const hasInterval: Transform = { filter: "isValid(datum.ci_low) && isValid(datum.ci_high)" };

/** Pixels the source legend takes beside the segment legend. */
const SOURCE_LEGEND_WIDTH = 240;

/** One colour per segment, in the given order, or a single colour with no legend. */
export function colorEncoding(
  segments: string[],
  rows: FigureRow[],
  width: number,
): Encoding<string>["color"] {
  if (segments.length <= 1) return { value: BAR_COLOR };
  const room = width - (rows.some((r) => r.source === "published") ? SOURCE_LEGEND_WIDTH : 0);
  // Vega's estimate of an entry: symbol and gap, then 0.8 em a character of 10 px labels.
  const entry = 30 + Math.max(...segments.map((s) => s.length)) * 8;
  return {
    field: "segment",
    type: "nominal",
    scale: { domain: segments },
    legend: {
      title: null,
      orient: "top",
      labelLimit: LEGEND_LABEL_LIMIT,
      columns: Math.max(1, Math.floor(room / entry)),
    },
  };
}

/** Published rows drawn faint, with a legend saying so; no channel at all when there are none. */
export function opacityEncoding(rows: FigureRow[]): Encoding<string>["opacity"] {
  if (!rows.some((r) => r.source === "published")) return { value: 1 };
  return {
    field: "source",
    type: "ordinal",
    sort: ["computed", "published"],
    scale: { domain: ["computed", "published"], range: [1, PUBLISHED_OPACITY] },
    legend: {
      title: null,
      orient: "top",
      labelLimit: LEGEND_LABEL_LIMIT,
      symbolFillColor: BAR_COLOR,
      labelExpr: "datum.label === 'published' ? 'published in the book' : 'computed'",
    },
  };
}
