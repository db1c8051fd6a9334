/**
 * An XLSX workbook of plain tables, one sheet each, written by write-excel-file (maintained, the
 * same author as read-excel-file) and made deterministic: the zip's entry times are fixed
 * (zip-times.ts) and write-excel-file writes no document properties (no docProps/core.xml with
 * a creation date), so the same sheets give the same bytes. It drops from text the characters
 * XML 1.0 cannot hold (and U+FFFD), so the file stays one a spreadsheet opens.
 */
import writeXlsxFile from "write-excel-file/node";
import { fixZipTimes } from "./zip-times.ts";

export type WorkbookCell = string | number | boolean | null;

export interface WorkbookSheet {
  /** Already a valid, unique sheet name (sheetNames). */
  name: string;
  /** The first row is the header (bold). */
  rows: WorkbookCell[][];
}

/** Excel's limit on a sheet name's length. */
export const SHEET_NAME_MAX = 31;

/**
 * Sheet names for these names, in order: each cut to 31 characters and, where two would then be
 * the same (Excel compares them ignoring case), the later one cut shorter and numbered `~2`, `~3`…
 * Names are expected to hold no character Excel refuses (`[]:*?/\`); `reserved` are taken already.
 */
export function sheetNames(names: readonly string[], reserved: readonly string[] = []): string[] {
  const taken = new Set(reserved.map((r) => r.toLowerCase()));
  return names.map((name) => {
    let sheet = name.slice(0, SHEET_NAME_MAX);
    for (let n = 2; taken.has(sheet.toLowerCase()); n++) {
      const suffix = `~${n}`;
      sheet = name.slice(0, SHEET_NAME_MAX - suffix.length) + suffix;
    }
    taken.add(sheet.toLowerCase());
    return sheet;
  });
}

/** The workbook's bytes: a sheet per table, header row bold and frozen. */
export async function workbookBytes(sheets: readonly WorkbookSheet[]): Promise<Uint8Array> {
  const buffer = await writeXlsxFile(
    sheets.map((s) => ({
      sheet: s.name,
      stickyRowsCount: 1,
      data: s.rows.map((row, i) =>
        row.map((value) =>
          value === null ? null : i === 0 ? { value, fontWeight: "bold" as const } : { value },
        ),
      ),
    })),
  ).toBuffer();
  return fixZipTimes(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
}
