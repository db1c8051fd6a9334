import type { LayerSpec } from "vega-lite/types_unstable/spec/layer.js";
import type { FigureRow } from "../survey/figure.ts";
import {
  colorEncoding,
  hasInterval,
  opacityEncoding,
  PERCENT_AXIS,
  tooltip,
  WHISKER_COLOR,
} from "./vega-lite-encoding.ts";
import { distinct, segmentOrder } from "./order.ts";

/** Pixels of plot per bar: enough to read, without stretching four bars across a page. */
const BAR_WIDTH = 56;

/** One bar per year (and segment, side by side), with interval whiskers. */
export function segmentsLayer(rows: FigureRow[], width: number): LayerSpec<string> {
  const segments = segmentOrder(rows);
  const bars = distinct(rows, "year").length * Math.max(1, segments.length);
  return {
    width: Math.max(160, Math.min(width - 80, bars * BAR_WIDTH)),
    height: 240,
    encoding: {
      x: { field: "year", type: "ordinal", title: null, axis: { labelAngle: 0 } },
      ...(segments.length > 1 ? { xOffset: { field: "segment", sort: segments } } : {}),
    },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          y: {
            field: "share",
            type: "quantitative",
            title: distinct(rows, "category").join(", "),
            axis: { format: PERCENT_AXIS },
          },
          color: colorEncoding(segments, rows, width),
          opacity: opacityEncoding(rows),
          tooltip,
        },
      },
      {
        transform: [hasInterval],
        mark: { type: "rule", color: WHISKER_COLOR, aria: false },
        encoding: {
          y: { field: "ci_low", type: "quantitative" },
          y2: { field: "ci_high" },
          tooltip,
        },
      },
    ],
  };
}
