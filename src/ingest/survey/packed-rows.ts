/**
 * One export row's many small values packed into one string, for DuckDB to unpack in SQL.
 * why: appending survey_cells and answers_all value by value crossed from JS into DuckDB about
 * seven million times for the real exports (six calls per row, ~1.2 million rows) and was most of
 * the survey load's CPU; a row packed into one string is three calls, and DuckDB's
 * `string_split` + `unnest` unpack it in C++.
 *
 * The values are joined by SEP (U+001F, the unit separator). A value holding SEP or ESC (U+001E),
 * which no real export does, is escaped — ESC → ESC "e", SEP → ESC "s" — and its row marked, so
 * any text comes back as it was (`unpackSql`).
 */
export const SEP = "\u001f";
export const ESC = "\u001e";

/** A packed row: the joined text and whether any value in it was escaped. */
export interface Packed {
  text: string;
  escaped: boolean;
}

const escape = (value: string) => value.replaceAll(ESC, `${ESC}e`).replaceAll(SEP, `${ESC}s`);

/** Packs values (each any text) into one string; `unpackSql` gives them back in order. */
export function pack(values: readonly string[]): Packed {
  for (const v of values)
    if (v.includes(SEP) || v.includes(ESC))
      return { text: values.map(escape).join(SEP), escaped: true };
  return { text: values.join(SEP), escaped: false };
}

/**
 * SQL for one unpacked value: `part` is an element of `string_split(text, SEP)`, `escaped` the
 * row's flag. Undoes `escape` (ESC "s" first: every ESC in an escaped text starts a pair `escape`
 * wrote, so the replacements cannot meet a pair they did not write).
 */
export function unpackSql(part: string, escaped: string): string {
  return (
    `CASE WHEN ${escaped} THEN replace(replace(${part}, chr(30) || 's', chr(31)), chr(30) || 'e', chr(30)) ` +
    `ELSE ${part} END`
  );
}
