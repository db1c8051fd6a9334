/**
 * The statements a user typed, split at top-level semicolons: comments, quoted strings and
 * identifiers, and dollar-quoted strings are skipped, so a `;` inside them splits nothing.
 * DuckDB's own extractStatements cannot be asked this: it expands one dynamic PIVOT into two
 * statements (a CREATE TYPE for the pivoted values and the SELECT).
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
    else if (c === "'" || c === '"') i = quoted(sql, c, i + 1);
    else if (c === "$") {
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

/** Past a quoted string or identifier; a doubled quote is part of it. */
function quoted(sql: string, quote: string, from: number): number {
  let i = from;
  while (i < sql.length) {
    if (sql[i] === quote) {
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
