import type { TopLevelSpec } from "vega-lite";
import type { FigureDefinition, FigureResult } from "../survey/figure.ts";
import { barsParts } from "./vega-lite-bars.ts";
import { tooltipTransforms } from "./vega-lite-encoding.ts";
import { segmentsLayer } from "./vega-lite-segments.ts";
import { distinct } from "./order.ts";
import { chartDescription, chartSubtitle } from "./vega-lite-text.ts";

/** Written into the spec for editors and validators; nothing fetches it. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

const DEFAULT_WIDTH = 640;
const SUBTITLE_FONT_SIZE = 11;
/** Characters of subtitle that fit a pixel width by Vega's estimate (0.8 em a character). */
const charsFor = (width: number) => Math.max(40, Math.floor(width / (0.8 * SUBTITLE_FONT_SIZE)));

/**
 * A self-contained Vega-Lite spec of a figure: the given rows (already filtered by the caller)
 * inlined, titled with the universe and n, drawn as the figure's chart spec says.
 */
export function vegaLiteSpec(
  // The site's copy of a definition has no golden rows; a spec needs none.
  figure: Omit<FigureDefinition, "golden">,
  result: FigureResult,
  opts: { width?: number } = {},
): TopLevelSpec {
  const width = opts.width ?? DEFAULT_WIDTH;
  const rows = result.rows.map((r) => ({ ...r }));
  const base = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: result.title,
      subtitle: chartSubtitle(result.universe, rows, charsFor(width)),
      anchor: "start",
      subtitleFontSize: SUBTITLE_FONT_SIZE,
      subtitlePadding: 4,
      offset: 12,
    },
    description: chartDescription(figure, rows),
    data: { values: rows },
    config: { view: { stroke: null } },
  } as const;

  if (figure.chart.kind === "segments") {
    return { ...base, transform: tooltipTransforms, ...segmentsLayer(rows, width) };
  }
  const years = distinct(rows, "year");
  const bars = barsParts(rows, figure.chart, width);
  const top = {
    ...base,
    params: bars.params,
    transform: [...tooltipTransforms, ...bars.transform],
  };
  if (years.length <= 1) return { ...top, ...bars.layer };
  // One chart per year, stacked: each sorts its own categories (a faceted layer would not).
  return {
    ...top,
    vconcat: years.map((year) => ({
      title: { text: String(year), anchor: "start", fontSize: 12 },
      transform: [{ filter: { field: "year", equal: year } }],
      ...bars.layer,
    })),
    resolve: { scale: { x: "shared" } },
  };
}
