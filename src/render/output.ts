/** Renders rows for the terminal, or as CSV or JSON for other programs. */
export type OutputFormat = "table" | "csv" | "json";

const text = (v: unknown): string =>
  v === null || v === undefined
    ? ""
    : v instanceof Date
      ? v.toISOString().slice(0, 10)
      : typeof v === "object"
        ? JSON.stringify(v)
        : String(v);

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe (OWASP's CSV-injection advice); numbers are written as they are.
 */
const FORMULA = /^[=+\-@\t\r]/;

export function csvField(v: unknown): string {
  const s = typeof v === "string" && FORMULA.test(v) ? `'${v}` : text(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Text for the terminal, from the data or from an argument echoed back: control characters (C0
 * but tab and newline, DEL, C1) shown as \xNN and the bidirectional overrides (which reorder what
 * a reader sees) as \uNNNN, so nothing but kube-census's own line breaks drives the terminal.
 */
export const terminalText = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => {
      return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
    })
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

export function toCsv(
  rows: Record<string, unknown>[],
  columns = Object.keys(rows[0] ?? {}),
): string {
  return (
    [
      columns.map(csvField).join(","),
      ...rows.map((r) => columns.map((c) => csvField(r[c])).join(",")),
    ].join("\n") + "\n"
  );
}

/** A plain aligned table; long cells are cut so a row stays on one line. */
export function toTable(
  rows: Record<string, unknown>[],
  columns = Object.keys(rows[0] ?? {}),
  maxWidth = 60,
): string {
  if (rows.length === 0) return "(no rows)\n";
  const cell = (v: unknown) => {
    const s = terminalText(text(v)).replace(/\s+/g, " ");
    return s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s;
  };
  const body = rows.map((r) => columns.map((c) => cell(r[c])));
  // why: a column name can come from the data too (a PIVOT's values become its columns)
  const heads = columns.map(cell);
  // why: a loop, not Math.max(...cells): one argument per row overflows the stack past about 150,000 rows
  const widths = heads.map((h) => h.length);
  for (const r of body) r.forEach((s, i) => (widths[i] = Math.max(widths[i]!, s.length)));
  const numeric = columns.map((c) => rows.every((r) => r[c] === null || typeof r[c] === "number"));
  const line = (cells: string[]) =>
    cells
      .map((s, i) => (numeric[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return (
    [line(heads), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n") + "\n"
  );
}

export function render(rows: Record<string, unknown>[], format: OutputFormat): string {
  if (format === "json")
    return JSON.stringify(rows, (_, v) => (typeof v === "bigint" ? Number(v) : v), 2) + "\n";
  return format === "csv" ? toCsv(rows) : toTable(rows);
}

/**
 * Writes rows: an aligned table (only `tableColumns`, or a line on stderr when there are none),
 * CSV (header even when empty) or a JSON array.
 */
export function writeRows(
  rows: Record<string, unknown>[],
  format: OutputFormat,
  columns: string[],
  tableColumns: string[],
  empty: string,
): void {
  if (format === "table") {
    if (rows.length === 0) process.stderr.write(`${terminalText(empty)}\n`);
    else process.stdout.write(toTable(rows, tableColumns));
  } else if (format === "csv") process.stdout.write(toCsv(rows, columns));
  else
    process.stdout.write(
      render(
        rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))),
        "json",
      ),
    );
}
