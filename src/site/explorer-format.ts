/**
 * The explorer's answers file: its layout, and the encoding both sides share. Pure (no Node
 * import): written at build time by explorer-data.ts, decoded in the browser.
 *
 * The bytes hold, in order: one year code per respondent (an index into `years`), one flag byte
 * per respondent (FLAG_*), one varint per respondent (`reach` bytes): how far into the year's
 * export they got (the largest first position of any question they answered, plus 1; 0: none),
 * then for each question its answer rows as unsigned LEB128 varints:
 * the respondent numbers of each group (`groups[i]` = [option code, level code or -1, rows]), the
 * first as is, the others as the gap from the one before.
 */

import type { StoredBreak } from "../survey/crosstab-breaks.ts";
import type { PanelShare } from "../survey/crosstab-result.ts";

/** The respondent is a Kubernetes user (universes.ts, K8S_USERS). */
export const FLAG_K8S_USER = 1;
/** A panel year only: the respondent came through the paid panel's collector. */
export const FLAG_PANEL = 2;
/** A panel year only: the respondent came through a community collector. */
export const FLAG_COMMUNITY = 4;

export interface ExplorerQuestion {
  id: string;
  label: string;
  type: "single" | "multi" | "matrix";
  /** Years the codebook maps the question in (respondent-level or not). */
  asked: number[];
  /** Codebook options in codebook order: option codes 0… */
  options: string[];
  /** Options answered that the codebook does not list (a matrix's "Other" box): codes after. */
  other_options: string[];
  /** A matrix's levels in codebook order: level codes 0… */
  levels: string[];
  other_levels: string[];
  /** Per year, the codebook options the export offered (`survey_offered`; option codes, ascending). */
  offered: Record<string, number[]>;
  /** Per year, the levels someone answered (level codes). */
  levels_by_year: Record<string, number[]>;
  /** Per year, the question's first position in the export (who got this far reached it). */
  positions: Record<string, number>;
  /** Per year, respondents with more than one answer row (a single question must have none). */
  overlaps: Record<string, number>;
  groups: [option: number, level: number, rows: number][];
  offset: number;
  bytes: number;
  /** The codebook's standard nets (codebook_nets): name and members (options; a matrix: levels). */
  nets?: { name: string; members: string[] }[];
}

/** A sample part a weighting scheme weights on its own: the whole sample, or one part of it. */
export type WeightingPart = "all" | "community" | "panel";

/**
 * One year's respondents weighted to a scheme's targets, each part raked on its own
 * (weights-targets.ts `weightSample`): respondent `first + i` has weight `values[codes[i]]`
 * (-1: not in the part). Raking gives every respondent of one joint cell the same weight, so a
 * part holds a handful of distinct values, each written exactly (JSON round-trips a double).
 */
export interface ExplorerWeightPart {
  values: number[];
  codes: number[];
  iterations: number;
  converged: boolean;
  maxDeviation: number;
  trimmed: number;
  unknown: number;
  n: number;
  nEff: number;
  designEffect: number;
  /** The target margins, cell → share. */
  margins: { variable: string; targets: Record<string, number> }[];
}

/** A weighting the explorer offers (data/site/weightings.yml), computed at build. */
export interface ExplorerWeighting {
  id: string;
  label: string;
  description: string;
  /** The survey year weighted; other years stay unweighted. */
  year: number;
  /** The year whose own sample's mix is the target. */
  target: number;
  /** The weighting variables (single-choice questions). */
  by: string[];
  /** Respondent number of the year's first respondent (a year's numbers are contiguous). */
  first: number;
  parts: Record<WeightingPart, ExplorerWeightPart>;
}

/** A list the routing detected in the data: whose answer to `filter_question` skipped it. */
export interface ExplorerRouting {
  question: string;
  year: number;
  filter_question: string;
  skipped_options: string[];
}

/** A universe: its description, defining questions and what it holds (crosstab-result.ts). */
export interface ExplorerUniverse {
  description: string;
  questions: string[];
  holds?: { passed: string[]; counted: string[] };
}

/** A stored break, compactly (valid_only as 0/1). */
export type BreakTuple = [
  question: string,
  year: number,
  previous_year: number | null,
  kind: string,
  option: string | null,
  explanation: string,
  valid_only: 0 | 1,
  filter_question: string | null,
];

export const breakTuple = (b: StoredBreak): BreakTuple => [
  b.question,
  b.year,
  b.previous_year,
  b.kind,
  b.option,
  b.explanation,
  b.valid_only ? 1 : 0,
  b.filter_question ?? null,
];

export const storedBreakOf = ([q, y, p, k, o, e, v, f]: BreakTuple): StoredBreak => ({
  question: q,
  year: y,
  previous_year: p,
  kind: k,
  option: o,
  explanation: e,
  valid_only: v === 1,
  filter_question: f,
});

export interface ExplorerSource {
  year: number;
  file: string;
  commit: string;
  license: string;
}

export interface ExplorerMeta {
  format: 2;
  respondents: number;
  /** Bytes of the reach varints after the flags. */
  reach: number;
  years: number[];
  /** Each year's survey period ("1H 2020"). */
  periods: Record<string, string>;
  /** Each year's export as fetched (file, cncf/surveys commit, licence): the source line. */
  sources: ExplorerSource[];
  /** Universe id → its description (as the CLI prints it) and scope. */
  universes: Record<string, ExplorerUniverse>;
  /** Years whose sample mixes a paid panel in, with its share of the screened sample. */
  panels: PanelShare[];
  routing: ExplorerRouting[];
  /**
   * question_breaks that break comparability, in id order (crosstab.ts CROSSTAB_BREAKS_SQL), as
   * tuples: their sentences are most of the meta file, and the keys of objects would double it.
   */
  breaks: BreakTuple[];
  questions: ExplorerQuestion[];
  /** The weightings offered (absent: none). */
  weightings?: ExplorerWeighting[];
}

/** Unsigned LEB128: 7 bits a byte, low first, the high bit set on every byte but the last. */
export function writeVarints(values: number[]): Uint8Array {
  const out: number[] = [];
  for (let v of values) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`varint: invalid value ${v}`);
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
  }
  return Uint8Array.from(out);
}

/** One question's answer rows as columns: respondent number, option code, level code (-1: none). */
export interface AnswerColumns {
  r: Int32Array;
  o: Int32Array;
  l: Int32Array;
}

/** Reads `count` unsigned LEB128 varints from `at`; returns them and where they end. */
function readVarints(bytes: Uint8Array, at: number, count: number, out: Int32Array) {
  for (let i = 0; i < count; i++) {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[at++]!;
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    out[i] = v;
  }
  return at;
}

/** Decodes one question's rows from the answers file. */
export function decodeQuestion(bytes: Uint8Array, q: ExplorerQuestion): AnswerColumns {
  const total = q.groups.reduce((sum, g) => sum + g[2], 0);
  const r = new Int32Array(total);
  const o = new Int32Array(total);
  const l = new Int32Array(total);
  const at = readVarints(bytes, q.offset, total, r);
  let row = 0;
  for (const [option, level, rows] of q.groups)
    for (let i = 0; i < rows; i++, row++) {
      // why: after the first, each number is the gap from the one before
      if (i > 0) r[row] = r[row]! + r[row - 1]!;
      o[row] = option;
      l[row] = level;
    }
  if (at !== q.offset + q.bytes) throw new Error(`answers file: ${q.id} does not decode`);
  return { r, o, l };
}

/** The respondent columns: year code, flags and reach, one entry per respondent number. */
export function decodeRespondents(bytes: Uint8Array, meta: ExplorerMeta) {
  const n = meta.respondents;
  const reach = new Int32Array(n);
  const end = readVarints(bytes, 2 * n, n, reach);
  if (end !== 2 * n + meta.reach) throw new Error("answers file: the reach column does not decode");
  return { year: bytes.subarray(0, n), flags: bytes.subarray(n, 2 * n), reach };
}
