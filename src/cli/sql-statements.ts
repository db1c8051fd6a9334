/**
 * The statements a user typed, split at top-level semicolons: comments, quoted strings and
 * identifiers, escape strings (`E'\''`) and dollar-quoted strings are skipped, so a `;` inside
 * them splits nothing. DuckDB's parser counts statements for `kube-census sql`; this only words
 * the refusal of a text holding a dynamic PIVOT, which DuckDB's extractStatements expands into
 * several statements (CREATE TYPE for the pivoted values, then the SELECT).
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (stripComments(text).trim()) statements.push(text);
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "-" && sql[i + 1] === "-") i = until(sql, "\n", i + 2);
    else if (c === "/" && sql[i + 1] === "*") i = until(sql, "*/", i + 2);
    else if (c === "'" || c === '"') i = quoted(sql, c, i + 1, c === "'" && escapes(sql, i));
    else if (/\w/.test(c)) {
      // A word: `$` inside an identifier (a$b$) is part of it, not a dollar quote.
      while (i < sql.length && /[\w$]/.test(sql[i]!)) i++;
    } else if (c === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      i = tag ? until(sql, tag, i + tag.length) : i + 1;
    } else if (c === ";") {
      push(i);
      start = ++i;
    } else i++;
  }
  push(sql.length);
  return statements;
}

/** The index just past `end`'s next occurrence from `from` (the text's end if there is none). */
function until(sql: string, end: string, from: number): number {
  const at = sql.indexOf(end, from);
  return at < 0 ? sql.length : at + end.length;
}

/** Whether the quote at `at` opens an escape string: `E'…'` (not the end of a word like `type'`). */
const escapes = (sql: string, at: number) =>
  /[eE]/.test(sql[at - 1] ?? "") && !/[\w$]/.test(sql[at - 2] ?? "");

/** Past a quoted string or identifier; a doubled quote is part of it, and in an escape string a backslash escapes the next character. */
function quoted(sql: string, quote: string, from: number, backslash = false): number {
  let i = from;
  while (i < sql.length) {
    if (backslash && sql[i] === "\\") i += 2;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return i;
}

/** The text without its leading comments (a statement's first keyword follows them). */
export function stripComments(sql: string): string {
  return sql.replace(/^(\s*(--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/))*\s*/, "");
}

/** An EXPLAIN's inner statement (`EXPLAIN [ANALYZE|ANALYSE] [(options)] <statement>`), or undefined. */
export function explained(sql: string): string | undefined {
  const m = /^explain\s*(\([^)]*\)\s*)?(analy[sz]e\b\s*)?(\([^)]*\)\s*)?/i.exec(stripComments(sql));
  return m ? stripComments(sql).slice(m[0].length) : undefined;
}
