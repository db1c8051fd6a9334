import readExcelFile from "read-excel-file/node";
import { CensusError } from "../../errors.ts";
import type { IngestIssue } from "../ingest-issue.ts";
import type { SurveySource } from "../../sources/sources.ts";
import { readSummarySheet, type Row } from "./summary-sheet.ts";

/** One published count/share of CNCF's 2021 summary workbooks: question × (item ×) option × region. */
export interface Marginal {
  /** Source id, e.g. "survey-2021-part1". */
  source: string;
  /** Part 1 or Part 2: two waves of different respondents. */
  wave: 1 | 2;
  /** Sheet name, e.g. "Question 16". */
  sheet: string;
  /** The A2 question text, normalised. */
  question: string;
  /** Matrix row item; null for single and multi questions. */
  item: string | null;
  option: string;
  /** "Total" for the Total row, else the region without its "Q1: " prefix. */
  region: string;
  count: number | null;
  /** As printed, rounded to 4 decimals to drop float noise. */
  share: number | null;
  /** The block's Answered (often page-level: shared by consecutive questions). */
  answered: number | null;
  skipped: number | null;
  /** 1-based spreadsheet row of the value, for provenance. */
  row: number;
}

export interface SummaryWorkbook {
  marginals: Marginal[];
  issues: IngestIssue[];
  sheets: number;
  /** Answered of the wave's first sheet (location, asked of everyone). */
  respondents: number;
}

const RESTORE = "run `kube-census fetch` to restore the pinned copy";

/** Part 1 or Part 2: the survey file's `wave`, else (a fixture) from the source id or the file name. */
function waveOf(source: SurveySource, file: string): 1 | 2 {
  if (source.wave) return source.wave;
  const m = /part-?([12])$/i.exec(source.id) ?? /Part_([12])\b/.exec(file);
  if (!m)
    throw new CensusError(
      `${file}: cannot tell the wave: give \`wave\` in data/surveys/${source.id}.yml (or a source id ending in "part1"/"part2", or "Part_1"/"Part_2" in the file name).`,
    );
  return Number(m[1]) as 1 | 2;
}

async function readWorkbook(
  bytes: Uint8Array,
  file: string,
): Promise<{ sheet: string; data: Row[] }[]> {
  if (bytes.length === 0) throw new CensusError(`${file}: the file is empty; ${RESTORE}.`);
  try {
    return await readExcelFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      trim: false,
    });
  } catch (e) {
    throw new CensusError(
      `${file}: not a readable .xlsx workbook (${(e as Error).message}). The file may be truncated or damaged: ${RESTORE}.`,
    );
  }
}

/**
 * Reads a 2021 SurveyMonkey summary workbook (one sheet per question, cross-tabulated by region)
 * into published marginals. A damaged workbook, or a first sheet without its question block,
 * stops with the file named; inside a good workbook, a sheet or cell that fits no block becomes an
 * issue, and the free-text listings under the tables are skipped.
 */
export async function readSummaryWorkbook(
  bytes: Uint8Array,
  source: SurveySource,
  file = source.file,
): Promise<SummaryWorkbook> {
  const wave = waveOf(source, file);
  const sheets = await readWorkbook(bytes, file);
  const marginals: Marginal[] = [];
  const issues: IngestIssue[] = [];
  let respondents = 0;
  for (const [k, { sheet, data }] of sheets.entries()) {
    const read = readSummarySheet(data, { source: source.id, file, sheet, wave });
    const problem = !read.question
      ? "no question text in A2"
      : read.blocks === 0
        ? 'no question block (a header row of option labels over "Q1: …" region rows and a Total row)'
        : undefined;
    // Without the first sheet's block the wave has no respondent count: nothing else can be trusted.
    if (k === 0) {
      if (problem) throw new CensusError(`${file}, sheet "${sheet}": ${problem}; ${RESTORE}.`);
      const answered = read.marginals[0]?.answered;
      if (answered == null)
        throw new CensusError(
          `${file}, sheet "${sheet}": no Answered count under its table; ${RESTORE}.`,
        );
      respondents = answered;
    }
    if (problem) {
      issues.push({
        source: source.id,
        file,
        row: `${sheet}!A2`,
        column: "A",
        value: read.question,
        reason: `${problem}: sheet not read`,
      });
      continue;
    }
    marginals.push(...read.marginals);
    issues.push(...read.issues);
  }
  return { marginals, issues, sheets: sheets.length, respondents };
}
