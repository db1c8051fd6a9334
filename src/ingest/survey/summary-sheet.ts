import type { IngestIssue } from "../ingest-issue.ts";
import { normalizeLabel } from "../label.ts";
import type { Marginal } from "./summary-workbook.ts";

export type Row = unknown[];
export interface SheetPlace {
  source: string;
  file: string;
  sheet: string;
  wave: 1 | 2;
}
export interface SheetRead {
  /** A2, normalised ("" when missing). */
  question: string;
  marginals: Marginal[];
  issues: IngestIssue[];
  blocks: number;
}

/** normalizeLabel, and the zero-width spaces some labels carry (it leaves those in). */
export const clean = (v: unknown): string =>
  v === null || v === undefined
    ? ""
    : normalizeLabel(String(v).replace(/[\u200b-\u200d\ufeff]/g, ""));

const REGION = /^Q\d+:\s*/;
/** Header columns that are no answer option: the region's share of answerers, a rating mean. */
const NOT_OPTIONS = new Set(["Total", "Weighted Average"]);
const filled = (v: unknown) => clean(v) !== "";
const numeric = (v: unknown) => typeof v === "number" || /^-?\d+(\.\d+)?$/.test(clean(v));
const cellsOf = (row: Row | undefined) =>
  (row ?? []).flatMap((v, c) => (filled(v) ? [[v, c] as const] : []));

/** "A", …, "Z", "AA", …: how an issue names a column. */
export const letter = (c: number): string =>
  (c >= 26 ? letter(Math.floor(c / 26) - 1) : "") + String.fromCharCode(65 + (c % 26));

/**
 * A row of option labels: A empty, a label over each share/count pair (so in B, D, F, …; labels
 * may be numbers, "1" … "5" on a rating scale) and a region or Total row of numbers under it.
 */
function isHeader(rows: Row[], r: number): boolean {
  const labels = cellsOf(rows[r]);
  const below = clean(rows[r + 1]?.[0]);
  return (
    labels.length > 0 &&
    labels.every(([v, c]) => c % 2 === 1 && !REGION.test(clean(v))) &&
    (REGION.test(below) || below === "Total") &&
    cellsOf(rows[r + 1]).some(([v, c]) => c > 0 && numeric(v))
  );
}

/** Regions across and one row of counts: how many typed into a matrix's open "Other" row. */
const isRegionsAcross = (row: Row | undefined) => {
  const labels = cellsOf(row);
  return labels.length > 1 && labels.every(([v, c]) => c > 0 && /^(Q\d+:|Total$)/.test(clean(v)));
};

/** Where the per-region "Other (please specify)" listings start: respondents' free text, never read. */
function listingStart(rows: Row[]): number {
  const r = rows.findIndex((row) => clean(row[0]) === "Respondents");
  if (r < 0) return rows.length;
  const above = cellsOf(rows[r - 1]);
  return above.length === 1 && REGION.test(clean(above[0]![0])) ? r - 1 : r;
}

/**
 * Reads the blocks of one summary sheet: [item label,] header row (option labels, each over a
 * share/count pair), "Q1: region" rows, a Total row, then Answered/Skipped. Every other cell
 * above the free-text listings becomes an issue.
 */
export function readSummarySheet(rows: Row[], place: SheetPlace): SheetRead {
  const { source, file, sheet, wave } = place;
  const out: SheetRead = { question: clean(rows[1]?.[0]), marginals: [], issues: [], blocks: 0 };
  const issue = (r: number, c: number, value: unknown, reason: string) =>
    out.issues.push({
      source,
      file,
      row: `${sheet}!${letter(c)}${r + 1}`,
      column: letter(c),
      value: String(value),
      reason,
    });
  const used = new Set(["0,0", "1,0"]);
  const use = (r: number, ...cs: number[]) => cs.forEach((c) => used.add(`${r},${c}`));
  const end = listingStart(rows);
  let item: string | null = null;
  for (let r = 2; r < end; r++) {
    const labels = cellsOf(rows[r]);
    if (isHeader(rows, r)) {
      r = readBlock(r, item) - 1;
      item = null;
    } else if (labels.length === 1 && labels[0]![1] === 0 && isHeader(rows, r + 1)) {
      item = clean(labels[0]![0]);
      use(r, 0);
    } else if (isRegionsAcross(rows[r])) {
      const counts = labels.map(
        ([v, c]) => `${clean(v).replace(REGION, "")} ${clean(rows[r + 1]?.[c])}`,
      );
      issue(
        r + 1,
        0,
        `${clean(rows[r + 1]?.[0])}: ${counts.join(", ")}`,
        'per-region counts of a matrix\'s open "Other" row (regions across, no option or level): not stored as marginals',
      );
      use(r, ...labels.map(([, c]) => c));
      use(r + 1, ...cellsOf(rows[r + 1]).map(([, c]) => c));
      r++;
    }
  }
  for (let r = 0; r < end; r++)
    for (const [v, c] of cellsOf(rows[r]))
      if (!used.has(`${r},${c}`))
        issue(r, c, v, "a cell outside every question block (an analyst's note?): not read");
  return out;

  /** The block whose header row is h; returns the row after it. */
  function readBlock(h: number, item: string | null): number {
    const header = cellsOf(rows[h]);
    // Both columns of "Total" and the one of "Weighted Average" are read past, not stored.
    const skipped = header.flatMap(([v, c]) =>
      clean(v) === "Total" ? [c, c + 1] : NOT_OPTIONS.has(clean(v)) ? [c] : [],
    );
    const options = header.filter(([v]) => !NOT_OPTIONS.has(clean(v)));
    let r = h + 1;
    const body: number[] = [];
    for (; r < end; r++) {
      const label = clean(rows[r]![0]);
      if (!REGION.test(label) && label !== "Total") break;
      body.push(r);
      if (label === "Total") {
        r++;
        break;
      }
    }
    const base = { Answered: null as number | null, Skipped: null as number | null };
    let next = r;
    for (const k of [r, r + 1])
      for (const [v, c] of cellsOf(rows[k])) {
        const key = clean(v);
        if ((key === "Answered" || key === "Skipped") && numeric(rows[k]![c + 1])) {
          base[key] = Number(clean(rows[k]![c + 1]));
          use(k, c, c + 1);
          next = k + 1;
        }
      }
    if (base.Answered === null)
      issue(body.at(-1)!, 0, "", "no Answered count under this block: no base for its shares");
    use(h, ...header.map(([, c]) => c));
    for (const b of body) {
      use(b, 0, ...skipped);
      for (const [label, c] of options) {
        use(b, c, c + 1);
        const share = value(b, c, "share");
        const count = value(b, c + 1, "count");
        if (share === undefined && count === undefined) continue;
        out.marginals.push({
          source,
          wave,
          sheet,
          question: out.question,
          item,
          option: clean(label),
          region: clean(rows[b]![0]).replace(REGION, ""),
          count: count ?? null,
          share: share ?? null,
          answered: base.Answered,
          skipped: base.Skipped,
          row: b + 1,
        });
      }
    }
    out.blocks++;
    return next;
  }

  /** A block's number: undefined when the cell is empty, null (with an issue) when it is no number. */
  function value(r: number, c: number, kind: "share" | "count"): number | null | undefined {
    const raw = rows[r]?.[c];
    if (!filled(raw)) return undefined;
    const n = numeric(raw) ? Number(clean(raw)) : NaN;
    if (Number.isNaN(n))
      issue(
        r,
        c,
        raw,
        `${kind}: ${clean(raw).startsWith("=") ? "a formula stored as text" : "not a number"}`,
      );
    else if (kind === "share" && n >= 0 && n <= 1) return Math.round(n * 1e4) / 1e4;
    else if (kind === "count" && n >= 0 && Math.abs(n - Math.round(n)) < 1e-6) return Math.round(n);
    else issue(r, c, raw, kind === "share" ? "share: outside 0-1" : "count: not a whole number");
    return null;
  }
}
