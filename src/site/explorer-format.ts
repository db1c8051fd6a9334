/**
 * The explorer's answers file: its layout, and the encoding both sides share. Pure (no Node
 * import): written at build time by explorer-data.ts, decoded in the browser.
 *
 * The bytes hold, in order: one year code per respondent (an index into `years`), one flag byte
 * per respondent (FLAG_*), then for each question its answer rows as unsigned LEB128 varints:
 * the respondent numbers of each group (`groups[i]` = [option code, level code or -1, rows]), the
 * first as is, the others as the gap from the one before.
 */

/** The respondent is a Kubernetes user (universes.ts, K8S_USERS). */
export const FLAG_K8S_USER = 1;
/** 2022 only: the respondent came through the paid panel's collector. */
export const FLAG_PANEL = 2;
/** 2022 only: the respondent came through a community collector. */
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
  /** Per year, the codebook options the export offered (option codes, ascending). */
  offered: Record<string, number[]>;
  /** Per year, the levels someone answered (level codes). */
  levels_by_year: Record<string, number[]>;
  /** Per year, respondents with more than one answer row (a single question must have none). */
  overlaps: Record<string, number>;
  groups: [option: number, level: number, rows: number][];
  offset: number;
  bytes: number;
}

export interface ExplorerMeta {
  format: 1;
  respondents: number;
  years: number[];
  /** Each year's survey period ("1H 2020"). */
  periods: Record<string, string>;
  /** Universe id → its description, as the CLI prints it. */
  universes: Record<string, string>;
  method: string;
  questions: ExplorerQuestion[];
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

/** Decodes one question's rows from the answers file. */
export function decodeQuestion(bytes: Uint8Array, q: ExplorerQuestion): AnswerColumns {
  const total = q.groups.reduce((sum, g) => sum + g[2], 0);
  const r = new Int32Array(total);
  const o = new Int32Array(total);
  const l = new Int32Array(total);
  let at = q.offset;
  let row = 0;
  for (const [option, level, rows] of q.groups) {
    let previous = 0;
    for (let i = 0; i < rows; i++, row++) {
      let v = 0;
      let shift = 0;
      let b: number;
      do {
        b = bytes[at++]!;
        v += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b & 0x80);
      previous = i === 0 ? v : previous + v;
      r[row] = previous;
      o[row] = option;
      l[row] = level;
    }
  }
  if (at !== q.offset + q.bytes) throw new Error(`answers file: ${q.id} does not decode`);
  return { r, o, l };
}

/** The respondent columns: year code and flags, one entry per respondent number. */
export function decodeRespondents(bytes: Uint8Array, meta: ExplorerMeta) {
  const n = meta.respondents;
  return { year: bytes.subarray(0, n), flags: bytes.subarray(n, 2 * n) };
}
