/**
 * The explorer's view as a Vega-Lite spec: the rows drawn (sorted, top-N, searched), each year
 * named as the survey is known ("1H 2020"), as bars per option and column with their 95%
 * intervals, or (years as columns, line view) a line per option that stops at every break. Pure:
 * the page's download and the Node test build the same spec.
 */
import type { TopLevelSpec } from "vega-lite";
import type { CrosstabCell } from "../survey/crosstab-assembly.ts";
import type { CrosstabResult } from "../survey/crosstab-result.ts";
import { linePoints } from "./explorer-rows.ts";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

export interface ExplorerSpecOptions {
  /** Each year's survey name ("1H 2020"); a year absent stays the year. */
  periods: Record<string, string>;
  /** "lines" draws the line view (only where the columns are the years). */
  view: "bars" | "lines";
  /** The lines' and columns' colours, in order. */
  colors: string[];
  /** Lines subtitle: n, universe, filters, as the page's subtitle says them. */
  subtitle: string;
}

export function explorerVegaLite(
  result: CrosstabResult,
  drawn: CrosstabCell[],
  { periods, view, colors, subtitle }: ExplorerSpecOptions,
): TopLevelSpec {
  const name = (year: number) => periods[year] ?? String(year);
  const byYear = result.by.id === "year";
  const label = (c: { column: string; year: number }) => (byYear ? name(c.year) : c.column);
  const columns = result.columns.map((c) => (byYear ? name(Number(c.label)) : c.label));
  const options = [...new Set(drawn.map((c) => c.option))];
  const title = { text: result.question.label, subtitle };
  const base = (c: CrosstabCell) => ({
    year: c.year,
    survey: name(c.year),
    column: label(c),
    letter: c.letter,
    option: c.option,
    level: c.level,
    n: c.n,
    count: c.count,
    share: c.share,
    ci_low: c.ci_low,
    ci_high: c.ci_high,
    small_base: c.small_base,
    higher_than: c.higher_than.join(" "),
    breaks: c.breaks.join(" "),
  });
  const tooltip = [
    { field: "option" },
    { field: "column" },
    { field: "share", format: ".1%" },
    { field: "ci_low", title: "95% interval from", format: ".1%" },
    { field: "ci_high", title: "to", format: ".1%" },
    { field: "count" },
    { field: "n" },
  ];
  const share = { field: "share", type: "quantitative", axis: { format: "%" }, title: "share" };
  if (view === "lines" && byYear && result.columns.length > 1) {
    const surveys = result.years.map(name);
    const slices = [...new Set(drawn.map((c) => c.level))];
    const values = slices.flatMap((level) =>
      linePoints(
        drawn.filter((c) => c.level === level),
        result,
      ).map((p) => ({
        ...base(p),
        // why: a line joins only points of one segment, so none is drawn across a break
        segment: `${p.level ?? ""}\u0000${p.segment}`,
        break_before: p.breakBefore.length ? `‡${p.breakBefore.join(",")}` : "",
      })),
    );
    const x = { field: "survey", type: "ordinal", sort: surveys, title: null };
    const color = {
      field: "option",
      type: "nominal",
      sort: options,
      scale: { range: colors },
      title: null,
    };
    return {
      $schema: SCHEMA,
      title,
      data: { values },
      ...(slices.length > 1 ? { facet: { row: { field: "level", title: null } }, spec: {} } : {}),
      ...lineLayers(x, share, color, tooltip, slices.length > 1),
    } as unknown as TopLevelSpec;
  }
  const slice = (c: CrosstabCell) =>
    [byYear ? null : name(c.year), c.level].filter((x) => x !== null).join(" · ");
  const values = drawn
    .filter((c) => c.share !== null)
    .map((c) => ({ ...base(c), slice: slice(c) }));
  const slices = [...new Set(values.map((v) => v.slice))];
  const layer = {
    encoding: {
      y: { field: "option", type: "nominal", sort: options, title: null },
      yOffset: { field: "column", type: "nominal", sort: columns },
      color: {
        field: "column",
        type: "nominal",
        sort: columns,
        scale: { range: colors },
        title: null,
      },
      tooltip,
    },
    layer: [
      { mark: "bar", encoding: { x: share } },
      {
        mark: { type: "rule", color: "#1b1e23" },
        encoding: { x: { field: "ci_low", type: "quantitative" }, x2: { field: "ci_high" } },
      },
    ],
  };
  return (slices.length > 1
    ? {
        $schema: SCHEMA,
        title,
        data: { values },
        facet: { row: { field: "slice", type: "nominal", sort: slices, title: null } },
        spec: layer,
        resolve: { scale: { y: "independent" } },
      }
    : { $schema: SCHEMA, title, data: { values }, ...layer }) as unknown as TopLevelSpec;
}

/** The line view's layers: lines by segment, points, whiskers and the break numbers. */
function lineLayers(x: object, y: object, color: object, tooltip: object[], faceted: boolean) {
  const layer = {
    encoding: { x, color, tooltip },
    layer: [
      {
        mark: "rule",
        encoding: { y: { field: "ci_low", type: "quantitative" }, y2: { field: "ci_high" } },
      },
      { mark: { type: "line" }, encoding: { y, detail: { field: "segment" } } },
      { mark: { type: "point", filled: true }, encoding: { y } },
      {
        mark: { type: "text", dy: -10, color: "#1b1e23" },
        encoding: { y, text: { field: "break_before" } },
      },
    ],
  };
  return faceted ? { spec: layer } : layer;
}
