import { toCsv } from "../cli/output.ts";
import type { FigureRow } from "./figure.ts";

/** The figure contract's columns, in order: every CSV of a figure (CLI, site download) has these. */
export const FIGURE_COLUMNS = [
  "year",
  "segment",
  "category",
  "n",
  "count",
  "share",
  "ci_low",
  "ci_high",
  "source",
];

/** A figure's rows as CSV. */
export const figureCsv = (rows: FigureRow[]): string =>
  toCsv(rows as unknown as Record<string, unknown>[], FIGURE_COLUMNS);
