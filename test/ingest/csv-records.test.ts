import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CsvError, csvRecords } from "../../src/ingest/survey/csv-records.ts";
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
