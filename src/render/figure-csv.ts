import { toCsv } from "./output.ts";
import type { FigureRow } from "../survey/figure.ts";

/** The figure contract's columns, in order: every CSV of a figure (CLI, site download) has these. */
export const FIGURE_COLUMNS = [
  "year",
  "segment",
  "category",
  "n",
  "answered",
  "count",
  "share",
  "ci_low",
  "ci_high",
  "source",
  "sample",
  "notes",
];

/** A row's break notes in one cell: "kind: text" joined by " | ". */
export const notesText = (row: FigureRow): string =>
  row.notes.map((n) => `${n.kind}: ${n.text}`).join(" | ");

/** A figure's rows as CSV. */
export const figureCsv = (rows: FigureRow[]): string =>
  toCsv(
    rows.map((r) => ({ ...r, notes: notesText(r) })),
    FIGURE_COLUMNS,
  );
