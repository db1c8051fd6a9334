import type { FigureRow, MarginalSpec } from "./figure.ts";

// Which of a figure's 2021 summary specs a marginal row comes from, and its base in words: what
// the site prints beside a 2021 annotation. Browser-safe (no DuckDB), bundled by src/site/browser.ts.

/**
 * The spec a `marginal` row was read with: the rows of marginalSql (marginal-rows.ts) carry the
 * spec's segment (or, by region, a region) and, for a sum, its category.
 */
export function marginalSpecOf(
  specs: MarginalSpec[] | undefined,
  row: Pick<FigureRow, "segment" | "category">,
): MarginalSpec | undefined {
  return (specs ?? []).find((s) =>
    s.kind === "options"
      ? s.segment === row.segment
      : s.category === row.category && (s.segment === row.segment || Boolean(s.byRegion)),
  );
}

/** Who a summary's n counts, in a word or two for a chart label ("answered") and in full. */
export function marginalBase(spec: MarginalSpec): { short: string; long: string } {
  if (spec.kind === "sum" && spec.item)
    return {
      short: "answered row",
      long: `everyone who answered the ${spec.item} row of this question`,
    };
  if (spec.kind === "sum" && spec.base)
    return {
      short: "answered",
      long: `everyone who answered this question with one of ${spec.base.join(", ")}`,
    };
  return { short: "answered", long: "everyone who answered this question" };
}
