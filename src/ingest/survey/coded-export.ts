import { runAll } from "../../paced.ts";
import { CsvError, csvRecords } from "./csv-records.ts";
import { CensusError } from "../../errors.ts";
import type { CodeFrame, FrameEntry } from "./code-frame.ts";
import type { IngestIssue } from "../ingest-issue.ts";
import { labelKey, normalizeLabel } from "../label.ts";
import type { ExportTable } from "./survey-csv.ts";

/** The coded export read twice: as exported (codes) and with every code replaced by its label. */
export interface CodedExport {
  /** The cells as exported, for `survey_cells`. */
  raw: ExportTable;
  /** The same table in the older exports' shape (labels in cells), for the codebook harmonisation. */
  labelled: ExportTable;
  /** Question number → its columns (0-based), for screening rules that read codes. */
  columnsOf: Map<number, number[]>;
  /** Columns under a question number: all but the leading respondent columns (ID, collector, dates). */
  questionColumns: number;
  issues: IngestIssue[];
}

/** Rows above the answers: question number, question text, option label. */
export const CODED_HEADER_ROWS = 3;

/** Apostrophes come as ?, ʼ, ’ or ' depending on the tool that wrote the label. */
const looseKey = (label: string) => labelKey(label).replace(/[?\u02bc\u2019]/g, "'");

function parseRecords(text: string, file: string): string[][] {
  // Records end in \r\r\n: folded first, or every record would be followed by a blank one.
  const folded = text.replace(/\r\r\n/g, "\n");
  let records: string[][];
  try {
    // The same records csv-parse gave on the real export, in a ninth of the time (measured).
    records = runAll(csvRecords(folded));
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    throw new CensusError(
      `${file}: not a well-formed CSV export near line ${e.line} (${e.message}). ` +
        `The file may be truncated or damaged: run \`kube-census fetch\` to restore the pinned copy.`,
    );
  }
  while (records.length > 0 && records.at(-1)!.every((c) => c === "")) records.pop();
  if (records.length <= CODED_HEADER_ROWS)
    throw new CensusError(
      `${file}: expected three header rows and answer rows, found ${records.length} row(s). Run \`kube-census fetch\` to restore the pinned copy.`,
    );
  const [numbers, , options] = records as [string[], string[], string[]];
  if (!numbers.some((c) => /^Q\d+$/.test(c.trim())) || options[0]?.trim() !== "Seq #")
    throw new CensusError(
      `${file}, rows 1-3: expected question numbers (Q1…) in row 1 and "Seq #" in row 3, column 1; found ` +
        `${JSON.stringify(numbers.slice(0, 8))} / ${JSON.stringify(options.slice(0, 2))}. A header row is missing: restore the file with \`kube-census fetch\`.`,
    );
  return records;
}

type Decoder = (value: string) => string | { issue: string };

/** Every answer cell holds a whole number; anything else (garbage, text) is an issue, not a guess. */
const coded =
  (decode: Decoder): Decoder =>
  (v) =>
    /^\d+$/.test(v) ? decode(v) : { issue: "not a code (a whole number) of the code frame" };

/** Which code a multi-select or matrix column stands for: by its label, else (multi) by its values. */
function columnCode(
  entry: FrameEntry,
  label: string,
  values: string[],
  k: number,
): number | undefined {
  const key = looseKey(label);
  for (const [code, text] of entry.codes) if (looseKey(text) === key) return code;
  if (entry.type === "multi") {
    const seen = new Set(values.filter((v) => v.trim() !== "").map((v) => Number(v.trim())));
    if (seen.size === 1) {
      const [only] = seen;
      if (entry.codes.has(only!)) return only;
    }
    return undefined;
  }
  // A matrix lists its row items in the reference model's order.
  return [...entry.codes.keys()][k];
}

/**
 * Reads a coded respondent-level export (the layout of 2022's): three header rows, multi-select
 * columns holding the option's own code, matrices holding scale codes. Codes are turned into
 * labels through the source's code frame; a code the frame does not know becomes an issue.
 */
export function readCodedExport(
  text: string,
  frame: CodeFrame,
  ctx: { source: string; file: string; frameFile?: string },
): CodedExport {
  const records = parseRecords(text, ctx.file);
  const [numbers, texts, labels, ...rows] = records as [
    string[],
    string[],
    string[],
    ...string[][],
  ];
  const issues: IngestIssue[] = [];
  const width = labels.length;
  const questions: string[] = new Array(width).fill("");
  const options: string[] = new Array(width).fill("");
  const decoders: Decoder[] = [];
  const listed: (string[] | undefined)[] = new Array(width).fill(undefined);
  const columnsOf = new Map<number, number[]>();
  /** "Q15 Complexity": how an issue names its column. */
  const names: string[] = labels.map(normalizeLabel);
  const unknown: string[] = [];
  let q: number | undefined;
  let k = 0;
  let questionColumns = 0;
  for (let i = 0; i < width; i++) {
    const number = /^Q(\d+)$/.exec(numbers[i]!.trim());
    if (number) {
      q = Number(number[1]);
      k = 0;
      questions[i] = normalizeLabel(texts[i]!);
    } else k++;
    const label = normalizeLabel(labels[i]!);
    if (q === undefined) {
      // Seq #, Respondent ID, Collector ID, dates, language: kept as exported.
      questions[i] = normalizeLabel(texts[i]!) || label;
      options[i] = "Response";
      decoders.push((v) => v);
      continue;
    }
    questionColumns++;
    if (!label) {
      options[i] = "";
      decoders.push(() => ({ issue: "a value in a column with no header" }));
      continue;
    }
    const entry = frame.get(q);
    names[i] = `Q${q} ${label}`;
    if (!entry) {
      if (!unknown.some((u) => u.startsWith(`Q${q} `))) unknown.push(`Q${q} (column ${i + 1})`);
      decoders.push((v) => v);
      continue;
    }
    columnsOf.set(q, [...(columnsOf.get(q) ?? []), i]);
    if (entry.type === "single") {
      options[i] = "Response";
      listed[i] = [...entry.codes.values()];
      decoders.push(coded((v) => entry.codes.get(Number(v)) ?? { issue: notInFrame(v, entry) }));
      continue;
    }
    const code = columnCode(
      entry,
      label,
      rows.map((r) => r[i] ?? ""),
      k,
    );
    const item = code === undefined ? undefined : entry.codes.get(code);
    if (item === undefined) {
      options[i] = label;
      decoders.push(() => ({
        issue: `column "${label}" matches no option of Q${entry.q} in the code frame`,
      }));
      continue;
    }
    options[i] = item;
    decoders.push(
      coded(
        entry.type === "multi"
          ? (v) =>
              Number(v) === code
                ? item
                : { issue: `Q${entry.q} column "${item}" holds code ${code}, not ${v}` }
          : (v) => entry.scale.get(Number(v)) ?? { issue: notInFrame(v, entry, "scale") },
      ),
    );
  }
  if (unknown.length)
    throw new CensusError(
      `${ctx.file}: questions ${unknown.join(", ")} are not in the code frame (${ctx.frameFile ?? "the source's frame"}): transcribe them from the reference model.`,
    );
  const labelled = rows.map((row, r) =>
    row.map((raw, i) => {
      const value = raw.trim();
      if (value === "") return "";
      const decoded = decoders[i]!(value);
      if (typeof decoded === "string") return decoded;
      issues.push({
        source: ctx.source,
        file: ctx.file,
        row: String(r + CODED_HEADER_ROWS + 1),
        column: `${i + 1}: ${names[i]}`,
        value: raw,
        reason: decoded.issue,
      });
      return "";
    }),
  );
  return {
    raw: { questions, options: labels.map(normalizeLabel), rows },
    labelled: { questions, options, rows: labelled, listed },
    columnsOf,
    questionColumns,
    issues,
  };
}

function notInFrame(value: string, entry: FrameEntry, part: "codes" | "scale" = "codes"): string {
  const known = [...(part === "codes" ? entry.codes : entry.scale).keys()].join(", ");
  return `code ${value} is not in the code frame of Q${entry.q} (${part}: ${known})`;
}
