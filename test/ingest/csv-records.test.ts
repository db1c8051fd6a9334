import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CsvError, CsvReader, csvRecords } from "../../src/ingest/survey/csv-records.ts";
import { runAll } from "../../src/paced.ts";

const read = (text: string) => runAll(csvRecords(text));
/** What csv-parse, the reader this one replaced, made of the same text with the same strictness. */
const reference = (text: string) =>
  parse(text, { bom: true, relax_column_count: false, skip_empty_lines: false }) as string[][];

describe("csvRecords reads what csv-parse read", () => {
  it.each([
    ["plain rows, trailing newline", "a,b,c\n1,2,3\n"],
    ["no trailing newline", "a,b\n1,2"],
    ["CRLF line ends", "a,b\r\n1,2\r\n"],
    ["a BOM", "\ufeffa,b\n1,2\n"],
    ["quoted commas, newlines and doubled quotes", 'q,"x, y"\n"line\none","say ""hi"""\n'],
    ["empty fields and a trailing comma", ",,\na,,\n,b,\n"],
    ["an empty quoted field", '"",x\n"",""\n'],
  ])("%s", (_, text) => {
    expect(read(text)).toEqual(reference(text));
  });

  it("a lone CR is data, not a line end (csv-parse took the first line end it met as the file's)", () => {
    // No export holds a CR at all; a cell's stray CR must not end a row in an LF file.
    expect(read("a,b\r c\n1,2\n")).toEqual([
      ["a", "b\r c"],
      ["1", "2"],
    ]);
  });

  it("a 1,000-record file is read through many pauses and still whole", () => {
    const text = `h1,h2\n${'x,"y\n"\n'.repeat(1000)}`;
    const steps = csvRecords(text);
    let pauses = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) pauses++;
    expect(pauses).toBeGreaterThan(10);
    expect(r.value).toEqual(reference(text));
  });
});

describe("csvRecords refuses what csv-parse refused, with the line", () => {
  it.each([
    ["a record of another width", "a,b\n1,2\n3\n", 3],
    ["a blank line inside the file", "a,b\n\n1,2\n", 2],
    ["a quote inside an unquoted field", 'a,b\n1,x"y\n', 2],
    ["text after a closing quote", 'a,b\n1,"x"y\n', 2],
    ["a quote never closed (a truncated file)", 'a,b\n1,2\n3,"unfinished\n', 3],
  ])("%s", (_, text, line) => {
    expect(() => reference(text)).toThrow();
    let error: unknown;
    try {
      read(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvError);
    expect((error as CsvError).line).toBe(line);
  });
});

describe("CsvReader reads text that comes in pieces as it reads it whole", () => {
  /** Records of `text` pushed in pieces of `size` characters (the error, if any, instead). */
  const inPieces = (text: string, size: number) => {
    const reader = new CsvReader();
    const records: string[][] = [];
    try {
      for (let at = 0; at < text.length; at += size) {
        reader.push(text.slice(at, at + size));
        for (let r = reader.next(); r; r = reader.next()) records.push(r);
      }
      reader.end();
      for (let r = reader.next(); r; r = reader.next()) records.push(r);
    } catch (e) {
      return e instanceof CsvError ? `line ${e.line}: ${e.message}` : e;
    }
    return records;
  };
  const whole = (text: string) => inPieces(text, Math.max(1, text.length));

  // Each text puts a boundary-sensitive mark (CRLF, a doubled quote, a closing quote before the
  // line end, a trailing comma, a BOM) at every offset as the piece size varies.
  it.each([
    ["CRLF line ends", 'a,b\r\n"1\r\n2",3\r\n4,5\r\n'],
    ["doubled quotes", 'q,"x"\n"say ""hi""","""",\n'.replace(/,\n$/, "\n")],
    ["a quoted field before the line end", 'a,"b"\n"c","d"\r\n"e",""\n'],
    ["a trailing comma at the very end", "a,b\n1,"],
    ["no line end at the end", 'a,b\n1,"2"'],
    ["a BOM", "\ufeffa,b\n1,2\n"],
    ["blank fields and records", ",,\n,,\n"],
    ["a width error", "a,b\n1,2\n3\n"],
    ["a quote never closed", 'a,b\n1,2\n3,"unfinished\n'],
    ["text after a closing quote", 'a,b\n1,"x"y\n'],
  ])("%s, in pieces of every size", (_, text) => {
    const expected = whole(text);
    for (let size = 1; size <= text.length; size++) expect(inPieces(text, size)).toEqual(expected);
  });

  it("the whole-text reader and csv-parse agree on the texts above that parse", () => {
    expect(whole('a,b\r\n"1\r\n2",3\r\n4,5\r\n')).toEqual(
      reference('a,b\r\n"1\r\n2",3\r\n4,5\r\n'),
    );
  });

  it("a record as long as the file is read once its end arrives, not rescanned per piece", () => {
    // An unclosed quote holds the whole file in one record; retrying only when the text doubles
    // keeps that linear (200,000 one-character pieces would be 2·10^10 scans otherwise).
    const text = `a,b\n1,"${"x".repeat(200_000)}`;
    const started = performance.now();
    expect(inPieces(text, 1)).toMatch(/^line 2: a quoted field opened on line 2 is never closed/);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
