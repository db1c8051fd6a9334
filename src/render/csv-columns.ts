/**
 * A CSV written by one of the writers here (output.ts's toCsv: formula-guarded, quoted where
 * needed), with columns added on the right — the stamp of a tab plan's table — without writing
 * its cells a second time: the fields are read back as the exact text written (a guarded cell
 * keeps its apostrophe, a negative number stays a number) and only quoted again where they must
 * be. Also the fields as typed cells, for a workbook sheet that holds the same table.
 */
import { parse } from "csv-parse/sync";
import { csvField } from "./output.ts";

/** The records of a CSV text, every field as written (quotes removed). */
export const csvRecords = (csv: string): string[][] =>
  parse(csv, { relax_column_count: false, skip_empty_lines: false }) as string[][];

const quoted = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** `csv` with `columns` appended, the same `values` on every row (each formula-guarded). */
export function withColumns(csv: string, columns: Record<string, string>): string {
  const names = Object.keys(columns).map(csvField);
  const values = Object.values(columns).map(csvField);
  return (
    csvRecords(csv)
      .map((r, i) => [...r.map(quoted), ...(i === 0 ? names : values)].join(","))
      .join("\n") + "\n"
  );
}

/** A number as the CSV writers print one (String(x)), read back exactly; anything else stays text. */
const NUMBER = /^-?(?:\d+|\d*\.\d+)(?:e[-+]?\d+)?$/i;

/** A CSV field as a typed cell: empty → null, a written number → that number, else the text. */
export const typedField = (s: string): string | number | null =>
  s === "" ? null : NUMBER.test(s) ? Number(s) : s;
