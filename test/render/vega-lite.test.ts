import { compile, type TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import type { FigureDefinition, FigureResult, FigureRow } from "../../src/survey/figure.ts";
import { renderSvg } from "../../src/render/svg.ts";
import { VEGA_LITE_SCHEMA, vegaLiteSpec } from "../../src/render/vega-lite.ts";

type CompileOptions = NonNullable<Parameters<typeof compile>[1]>;

/** Compiles, collecting Vega-Lite's warnings instead of printing them. */
function compileQuietly(spec: TopLevelSpec): string[] {
  const warnings: string[] = [];
  const logger: NonNullable<CompileOptions["logger"]> = {
    level: () => logger,
    error: (...args: readonly unknown[]) => (warnings.push(`error: ${args.join(" ")}`), logger),
    warn: (...args: readonly unknown[]) => (warnings.push(args.join(" ")), logger),
    info: () => logger,
    debug: () => logger,
  };
  compile(spec, { logger });
  return warnings;
}

const definition = (id: string, chart: FigureDefinition["chart"]): FigureDefinition => ({
  id,
  title: `Test figure ${id}`,
  description: "Share of test users",
  universe: "Test users who answered",
  segments: "test",
  book: "none",
  sql: "SELECT 1",
  site: { page: "test" },
  readme: { years: "none", universe: "test users" },
  golden: { fixture: "figures-2019", rows: [] },
  chart,
  questions: [],
});

const result = (figure: FigureDefinition, rows: FigureRow[]): FigureResult => ({
  id: figure.id,
  title: figure.title,
  universe: figure.universe,
  rows,
});

const computed = (
  year: number,
  segment: string,
  category: string,
  n: number,
  count: number,
  ci: [number, number],
): FigureRow => ({
  year,
  segment,
  category,
  n,
  answered: null,
  count,
  share: Math.round((count / n) * 10000) / 10000,
  ci_low: ci[0],
  ci_high: ci[1],
  source: "computed",
  sample: "all",
  notes: [],
});

const segmentsFigure = definition("fig-segments", { kind: "segments" });
const segmentsResult = result(segmentsFigure, [
  {
    year: 2017,
    segment: "all",
    category: "more than 5 clusters",
    n: null,
    answered: null,
    count: null,
    share: 0.34,
    ci_low: null,
    ci_high: null,
    source: "published",
    sample: "all",
    notes: [],
  },
  computed(2018, "all", "more than 5 clusters", 1475, 550, [0.3486, 0.3979]),
  computed(2019, "all", "more than 5 clusters", 1197, 468, [0.3637, 0.4189]),
]);

const LONG = "Difficulty in choosing an orchestration solution";
const barsFigure = definition("fig-bars", { kind: "bars", sortBy: "1-5 clusters" });
// Sorted by "1-5 clusters": Security, Cost, LONG; by the other segment it would be Security, LONG, Cost.
const barsResult = result(barsFigure, [
  computed(2019, "1-5 clusters", "Security", 729, 292, [0.365, 0.437]),
  computed(2019, "1-5 clusters", LONG, 729, 95, [0.108, 0.156]),
  computed(2019, "1-5 clusters", "Cost", 729, 182, [0.22, 0.283]),
  computed(2019, "more than 5 clusters", "Security", 468, 199, [0.381, 0.471]),
  computed(2019, "more than 5 clusters", LONG, 468, 140, [0.26, 0.342]),
  computed(2019, "more than 5 clusters", "Cost", 468, 47, [0.076, 0.131]),
]);

const subtitleOf = (spec: TopLevelSpec) => {
  const title = spec.title as { text: string; subtitle: string[] };
  return title.subtitle.join("\n");
};

/** The `<path>`s inside every group of a mark type (one group per chart of a concat). */
const marksIn = (svg: string, mark: "rect" | "rule") =>
  [...svg.matchAll(new RegExp(`<g class="mark-${mark} role-mark[^"]*"[^>]*>(.*?)</g>`, "gs"))]
    .map((m) => m[1]!)
    .flatMap((group) => group.match(/<(path|line)\b[^>]*>/g) ?? []);

const urlsIn = (spec: TopLevelSpec) => JSON.stringify(spec).match(/https?:\/\/[^"\s]*/g) ?? [];

describe("vegaLiteSpec", () => {
  for (const [name, figure, res] of [
    ["segments", segmentsFigure, segmentsResult],
    ["bars", barsFigure, barsResult],
  ] as const) {
    it(`${name}: compiles cleanly, inlines exactly the rows, names no URL but its schema`, () => {
      const spec = vegaLiteSpec(figure, res);
      expect(compileQuietly(spec)).toEqual([]);
      expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
      expect((spec as { data?: unknown }).data).toEqual({ values: res.rows });
      expect(urlsIn(spec)).toEqual([VEGA_LITE_SCHEMA]);
      expect(spec.description).toContain(figure.description);
    });
  }

  it("segments: the subtitle gives the universe and each year's n", () => {
    const subtitle = subtitleOf(vegaLiteSpec(segmentsFigure, segmentsResult));
    expect(subtitle).toContain("Test users who answered");
    expect(subtitle).toContain("n: 2017 n/a (published) · 2018 1475 · 2019 1197");
  });

  it("bars: the subtitle gives each segment's n", () => {
    const subtitle = subtitleOf(vegaLiteSpec(barsFigure, barsResult));
    expect(subtitle).toContain("n 2019: 1-5 clusters 729 · more than 5 clusters 468");
  });

  it("a single year and segment reads n = … (year)", () => {
    const rows = segmentsResult.rows.filter((r) => r.year === 2019);
    const subtitle = subtitleOf(vegaLiteSpec(segmentsFigure, { ...segmentsResult, rows }));
    expect(subtitle).toContain("n = 1197 (2019)");
  });

  it("segments: the published row's bar is faint and the legend says why", () => {
    const json = JSON.stringify(vegaLiteSpec(segmentsFigure, segmentsResult));
    expect(json).toContain('"opacity":{"field":"source"');
    expect(json).toContain("published in the book");
  });

  it("bars over several years: one chart per year, each sorted on its own", () => {
    const rows = [...barsResult.rows, ...barsResult.rows.map((r) => ({ ...r, year: 2020 }))];
    const spec = vegaLiteSpec(barsFigure, { ...barsResult, rows });
    expect(compileQuietly(spec)).toEqual([]);
    expect((spec as { vconcat?: unknown[] }).vconcat).toHaveLength(2);
    expect(subtitleOf(spec)).toContain("n 2020: 1-5 clusters 729");
  });
});

describe("renderSvg", () => {
  it("segments: one bar per row, the published one faint, whiskers where there is an interval", async () => {
    const spec = vegaLiteSpec(segmentsFigure, segmentsResult);
    const before = structuredClone(spec);
    const svg = await renderSvg(spec);
    expect(spec).toEqual(before);

    const bars = marksIn(svg, "rect");
    expect(bars).toHaveLength(segmentsResult.rows.length);
    const faint = bars.filter((b) => !b.includes('opacity="1"'));
    expect(faint).toHaveLength(1);
    expect(faint[0]).toContain("year: 2017");
    expect(faint[0]).toContain("source: published");
    expect(marksIn(svg, "rule")).toHaveLength(2);
    expect(svg).toContain(`>${segmentsFigure.title}</text>`);
  });

  it("bars: one bar per row, categories sorted in the sortBy segment, long labels whole", async () => {
    const svg = await renderSvg(vegaLiteSpec(barsFigure, barsResult));
    expect(marksIn(svg, "rect")).toHaveLength(barsResult.rows.length);
    expect(marksIn(svg, "rule")).toHaveLength(barsResult.rows.length);
    expect(svg).toContain(`>${barsFigure.title}</text>`);

    const labels = svg.match(/<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/gs) ?? [];
    const categories = labels.find((g) => g.includes("Security"))!;
    const at = (text: string) => categories.indexOf(text);
    expect(at("Security")).toBeLessThan(at("Cost"));
    expect(at("Cost")).toBeLessThan(at("Difficulty in choosing an"));
    // Wrapped over two lines, nothing cut off with an ellipsis.
    expect(categories).toContain("orchestration solution");
    expect(categories).not.toContain("…");
  });
});
