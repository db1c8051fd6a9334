import type { FigureRow } from "./figure.ts";

/** Distinct values of a row field, in the order the rows give them. */
export function distinct<K extends keyof FigureRow>(rows: FigureRow[], key: K): FigureRow[K][] {
  return [...new Set(rows.map((r) => r[key]))];
}

/**
 * Segments in the survey's order: computed rows first, since a published row (2017) leads the
 * rows but may name only one segment.
 */
export function segmentOrder(rows: FigureRow[]): string[] {
  const computed = rows.filter((r) => r.source === "computed");
  return [...new Set([...distinct(computed, "segment"), ...distinct(rows, "segment")])];
}
