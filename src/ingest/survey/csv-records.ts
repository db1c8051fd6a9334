import type { Steps } from "../../paced.ts";

/** A CSV that cannot be split into records; `line` is the 1-based line where reading stopped. */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
/** Records between two points where the reader may pause. */
const RECORDS_PER_STEP = 64;

/**
 * Splits CSV text (RFC 4180: comma, double quotes doubled inside quotes, LF or CRLF) into records,
 * as strictly as csv-parse with `relax_column_count: false` did: a record of another width, a
 * quote inside an unquoted field, text after a closing quote, or a quote never closed stop with
 * the line. A leading BOM is dropped. why: csv-parse took ~1.9 s of the 2018 export's ~6 s
 * ingest, more than DuckDB's read_csv takes for all four exports; this takes a fraction of that.
 *
 * The text may come in pieces (`push`, then `end`): a record is handed out once its line end has
 * arrived, so an export is read as it streams from disk and only the record being read is held —
 * why: holding a 50× export's text and every record of it was most of the ingest's 2.8 GB.
 */
export class CsvReader {
  private text = "";
  private at = 0;
  private line = 1;
  private width = -1;
  private ended = false;
  private bomChecked = false;
  /** Text needed after `at` before reading again: a record cut by the end of a piece is retried only once the buffer doubles, so one long record is scanned O(n) times, not O(n²). */
  private wanted = 0;

  /** Adds the next piece of text. */
  push(piece: string): void {
    this.text = this.at === 0 ? this.text + piece : this.text.slice(this.at) + piece;
    this.at = 0;
  }

  /** Says no more text will come: the last record may end without a line end. */
  end(): void {
    this.ended = true;
  }

  /**
   * The next whole record, or undefined when the text so far holds none (before `end`: push more;
   * after it: the file is done). Throws a CsvError where the text cannot be a CSV.
   */
  next(): string[] | undefined {
    const text = this.text;
    const n = text.length;
    const final = this.ended;
    if (!this.bomChecked) {
      if (n === 0) return undefined;
      this.bomChecked = true;
      if (text.charCodeAt(0) === 0xfeff) this.at = 1;
    }
    let i = this.at;
    if (i >= n || (!final && n - i < this.wanted)) return undefined;
    let line = this.line;
    const start = i;
    /** The record runs past the text so far: wait for the next piece. */
    const cut = () => {
      this.wanted = 2 * (n - start);
      return undefined;
    };
    const record: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const opened = line;
        let value = "";
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) {
            if (!final) return cut();
            throw new CsvError(
              `a quoted field opened on line ${opened} is never closed (the file ends inside it)`,
              opened,
            );
          }
          value += text.slice(from, q);
          if (q + 1 >= n && !final) return cut(); // a doubled quote may straddle the pieces
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        for (let k = value.indexOf("\n"); k >= 0; k = value.indexOf("\n", k + 1)) line++;
        record.push(value);
        if (i >= n) {
          if (!final) return cut();
          break;
        }
        const c = text.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === CR && i + 1 >= n && !final) return cut();
        if (c === LF || (c === CR && text.charCodeAt(i + 1) === LF)) {
          i += c === LF ? 1 : 2;
          line++;
          break;
        }
        throw new CsvError(
          `text after a closing quote on line ${line} (field ${record.length}): a quote inside a quoted field must be doubled`,
          line,
        );
      }
      let j = i;
      let c = 0;
      for (; j < n; j++) {
        c = text.charCodeAt(j);
        if (c === COMMA || c === LF) break;
        if (c === QUOTE)
          throw new CsvError(
            `a quote inside the unquoted field ${record.length + 1} on line ${line}`,
            line,
          );
      }
      if (j >= n && !final) return cut();
      const end = j < n && c === LF && j > i && text.charCodeAt(j - 1) === CR ? j - 1 : j;
      record.push(text.slice(i, end));
      i = j + 1;
      if (j >= n) break;
      if (c === COMMA) {
        // A comma that ends the text still opens one last, empty field.
        if (i < n) continue;
        if (!final) return cut();
        record.push("");
        break;
      }
      line++;
      break;
    }
    if (this.width < 0) this.width = record.length;
    else if (record.length !== this.width)
      throw new CsvError(
        `record on line ${this.line} has ${record.length} fields where the first has ${this.width}`,
        this.line,
      );
    this.at = i;
    this.line = line;
    this.wanted = 0;
    return record;
  }
}

/** Every record of a whole CSV text, pausing between records (a Steps generator, see src/paced.ts). */
export function* csvRecords(text: string): Steps<string[][]> {
  const reader = new CsvReader();
  reader.push(text);
  reader.end();
  const records: string[][] = [];
  for (let record = reader.next(); record; record = reader.next()) {
    records.push(record);
    if (records.length % RECORDS_PER_STEP === 0) yield;
  }
  return records;
}
