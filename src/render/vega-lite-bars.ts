import type { LayerSpec } from "vega-lite/types_unstable/spec/layer.js";
import type { TopLevelParameter } from "vega-lite/types_unstable/spec/toplevel.js";
import type { Transform } from "vega-lite/types_unstable/transform.js";
import type { ChartSpec, FigureRow } from "../survey/figure.ts";
import {
  colorEncoding,
  hasInterval,
  opacityEncoding,
  PERCENT_AXIS,
  tooltip,
  WHISKER_COLOR,
} from "./vega-lite-encoding.ts";
import { distinct, segmentOrder, sortSegment } from "./order.ts";

/** Category labels wrap at this many characters, so long answers need no wide label column. */
const LABEL_CHARS = 28;
/** Node has no canvas to measure text: Vega estimates ~8 px a character, so allow for that. */
export const LABEL_LIMIT = 240;
const LINE_HEIGHT = 12;

const LABEL_PATTERN = `(.{1,${LABEL_CHARS}})(\\s+|$)`;
/** The same wrap as the axis's labelExpr, to size the bands. */
const wrapLabel = (label: string) =>
  label.trim().replace(new RegExp(LABEL_PATTERN, "g"), "$1\n").trim().split("\n");
const LABEL_EXPR = `split(trim(replace(trim(datum.label), regexp(${JSON.stringify(LABEL_PATTERN).replaceAll('"', "'")}, 'g'), '$1\\n')), '\\n')`;

export interface BarsParts {
  params: TopLevelParameter[];
  transform: Transform[];
  layer: LayerSpec<string>;
}

/**
 * Horizontal bars per category (segments side by side), with interval whiskers; categories sorted
 * by their share in the sort segment of the same year, or kept in the rows' (survey) order.
 */
export function barsParts(rows: FigureRow[], chart: ChartSpec, width: number): BarsParts {
  const segments = segmentOrder(rows);
  const sortBy = sortSegment(chart, segments);
  const lines = Math.max(1, ...distinct(rows, "category").map((c) => wrapLabel(c).length));
  const band = Math.max(segments.length * 11, lines * LINE_HEIGHT) + 8;
  const multi = segments.length > 1;
  const plotWidth = Math.max(160, width - LABEL_LIMIT - 40);
  // Percent labels are wider than Vega's default ticks allow for: about one per 80 px.
  const axis = { format: PERCENT_AXIS, tickCount: Math.max(2, Math.round(plotWidth / 80)) };
  const x = (field: string) => ({ field, type: "quantitative", title: "share", axis }) as const;
  return {
    params: sortBy === undefined ? [] : [{ name: "sortSegment", value: sortBy }],
    transform:
      sortBy === undefined
        ? []
        : [
            { calculate: "datum.segment === sortSegment ? datum.share : -1", as: "sort_key" },
            {
              joinaggregate: [{ op: "max", field: "sort_key", as: "sort_share" }],
              groupby: ["year", "category"],
            },
          ],
    layer: {
      width: plotWidth,
      height: multi ? { step: Math.ceil(band / segments.length), for: "offset" } : { step: band },
      encoding: {
        y: {
          field: "category",
          type: "nominal",
          title: null,
          sort:
            sortBy === undefined ? null : { field: "sort_share", op: "max", order: "descending" },
          axis: { labelLimit: LABEL_LIMIT, labelExpr: LABEL_EXPR },
        },
        ...(multi ? { yOffset: { field: "segment", sort: segments } } : {}),
      },
      layer: [
        {
          // A lone bar in a band made tall for a wrapped label stays a bar, not a block.
          mark: { type: "bar", ...(multi ? {} : { height: { band: Math.min(1, 20 / band) } }) },
          encoding: {
            x: x("share"),
            color: colorEncoding(segments, rows, width),
            opacity: opacityEncoding(rows),
            tooltip,
          },
        },
        {
          transform: [hasInterval],
          // Decoration of the bar, which already describes itself to a screen reader.
          mark: { type: "rule", color: WHISKER_COLOR, aria: false },
          encoding: { x: x("ci_low"), x2: { field: "ci_high" }, tooltip },
        },
      ],
    },
  };
}
