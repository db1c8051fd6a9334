import { MATURITY_ORDER } from "./generated/browser.js";

// Segment colours shared by the year view and the trend, so a segment keeps its colour.
// Plot's observable10, then two darker hues: fig-1-2 has twelve organization-size buckets.
export const COLORS = [
  "#4269d0",
  "#efb118",
  "#ff725c",
  "#6cc5b0",
  "#3ca951",
  "#ff8ab7",
  "#a463f2",
  "#97bbf5",
  "#9c6b4e",
  "#9498a0",
  "#1f6f5c",
  "#b0306a",
];
export const MAX_SERIES = COLORS.length;

/**
 * A colour for each segment of a figure, in segment order, never the colour of a segment drawn
 * in the same year: regions recut between years may share colours, a year's bars never do.
 * @param {{ segment: string, year: number }[]} rows
 * @param {string[]} segments
 * @returns {Map<string, string>} segment → colour
 */
export function segmentPalette(rows, segments) {
  const yearsOf = new Map(segments.map((s) => [s, /** @type {Set<number>} */ (new Set())]));
  for (const r of rows) yearsOf.get(r.segment)?.add(r.year);
  /** @type {Map<string, string>} */
  const color = new Map();
  for (const s of segments) {
    const taken = new Set(
      [...color]
        .filter(([t]) => [...(yearsOf.get(t) ?? [])].some((y) => yearsOf.get(s)?.has(y)))
        .map(([, c]) => c),
    );
    color.set(s, COLORS.find((c) => !taken.has(c)) ?? COLORS[color.size % COLORS.length] ?? "");
  }
  return color;
}

/**
 * A Plot color scale for the drawn segments: their figure colours, made distinct if two meet.
 * @param {string[]} drawn
 * @param {Map<string, string>} [palette]
 * @param {boolean} [legend]
 */
export function segmentColors(drawn, palette, legend = drawn.length > 1) {
  /** @type {Set<string>} */
  const used = new Set();
  const range = drawn.map((s, i) => {
    let c = palette?.get(s) ?? COLORS[i % COLORS.length] ?? "";
    if (used.has(c)) c = COLORS.find((x) => !used.has(x)) ?? c;
    used.add(c);
    return c;
  });
  return { domain: drawn, range, legend };
}

/**
 * CNCF maturity, one colour each, for every landscape page and chart: the explorer's timeline,
 * the 2020 stack page's adoption bars and their keys. Graduated the strongest, archived grey.
 */
// The maturities in the CLI's order (src/landscape/model.ts), so tables, filters and keys agree.
export const MATURITIES = MATURITY_ORDER;
/** @type {Record<string, string>} */
export const MATURITY_COLORS = {
  graduated: "#1f6f5c",
  incubating: "#4269d0",
  sandbox: "#efb118",
  archived: "#9498a0",
  none: "#c9b8a6",
};
/** How each maturity is named in keys and tooltips. */
export const maturityLabel = (/** @type {string | null | undefined} */ m) =>
  m === "none" || !m ? "not a CNCF project" : m;
/** A Plot color scale over the given maturities (all of them by default), in the one palette. */
export const maturityColors = (/** @type {readonly string[]} */ domain = MATURITIES) => ({
  domain,
  range: domain.map((m) => MATURITY_COLORS[m]),
  legend: false,
});
