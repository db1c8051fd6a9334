/**
 * The labelled respondent file as a DuckDB table (`temp.labelled_wide`): one row per respondent
 * of the year's published sample, one column per variable of its layout (labelled-variables.ts),
 * coded from the harmonised `answers` through the layout's answer codes.
 */
import {
  quotedIdentifier,
  type DuckDBConnection,
  type DuckDBTimestampValue,
} from "@duckdb/node-api";
import { K8S_USERS } from "../survey/universes.ts";
import type { LabelledLayout } from "./labelled-variables.ts";

export const WIDE_TABLE = "temp.labelled_wide";

/**
 * Builds `temp.labelled_wide` for the layout; `weights` (respondent → weight) adds the weight
 * column the layout names. Returns the number of rows.
 */
export async function buildLabelledTable(
  conn: DuckDBConnection,
  layout: LabelledLayout,
  weights?: Map<number, number>,
): Promise<number> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE labelled_codes (question VARCHAR, option VARCHAR,
    level VARCHAR, variable VARCHAR, code INTEGER)`);
  const appender = await conn.createAppender("labelled_codes", "main", "temp");
  try {
    for (const c of layout.codes) {
      appender.appendVarchar(c.question);
      appender.appendVarchar(c.option);
      if (c.level === null) appender.appendNull();
      else appender.appendVarchar(c.level);
      appender.appendVarchar(c.variable);
      appender.appendInteger(c.code);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE labelled_weights (respondent INTEGER, weight DOUBLE)`,
  );
  if (weights) {
    const w = await conn.createAppender("labelled_weights", "main", "temp");
    try {
      for (const [respondent, weight] of weights) {
        w.appendInteger(respondent);
        w.appendDouble(weight);
        w.endRow();
      }
      w.flushSync();
    } finally {
      w.closeSync();
    }
  }

  const fixed: string[] = [];
  for (const v of layout.variables) {
    if (v.question) continue;
    fixed.push(`${FIXED_COLUMNS[v.name] ?? missingFixed(v.name)} AS ${quotedIdentifier(v.name)}`);
  }
  const people = await conn.runAndReadAll(
    `WITH ${K8S_USERS},
-- why: the same reading of SurveyMonkey's times as quality's speed check (src/survey/quality-speed.ts)
times AS (
  SELECT c.respondent,
    max(try_strptime(c.value, '%m/%d/%Y %H:%M')) FILTER (WHERE k.question = 'Start Date') AS started,
    max(try_strptime(c.value, '%m/%d/%Y %H:%M')) FILTER (WHERE k.question = 'End Date') AS ended
  FROM survey_cells c JOIN survey_columns k ON k.source = c.source AND k.position = c.position
  WHERE c.year = $year AND k.question_id IS NULL AND k.question IN ('Start Date', 'End Date')
  GROUP BY ALL
)
SELECT ${fixed.join(", ")}
FROM respondents r
LEFT JOIN k8s_users k ON k.year = r.year AND k.respondent = r.respondent
LEFT JOIN times t ON t.respondent = r.respondent
LEFT JOIN temp.labelled_weights lw ON lw.respondent = r.respondent
-- why: the published sample only, as every analysis counts it
WHERE r.year = $year AND r.excluded IS NULL
ORDER BY r.respondent`,
    { year: layout.year },
  );
  // Each respondent's codes, and which questions they answered at all. Assembled here rather than
  // with one FILTER aggregate per column, which took DuckDB 24 s for 2019's 426 columns.
  const coded = await conn.runAndReadAll(
    `SELECT a.respondent::INTEGER AS respondent, c.variable, max(c.code)::INTEGER AS code
FROM answers a
JOIN temp.labelled_codes c ON c.question = a.question AND c.option = a.option
WHERE a.year = $year AND (c.level IS NULL OR c.level = a.value)
GROUP BY ALL`,
    { year: layout.year },
  );
  const answered = await conn.runAndReadAll(
    `SELECT DISTINCT respondent::INTEGER AS respondent, question FROM answers WHERE year = $year`,
    { year: layout.year },
  );
  const codes = new Map<number, Map<string, number>>();
  for (const [respondent, variable, code] of coded.getRows() as [number, string, number][]) {
    if (!codes.has(respondent)) codes.set(respondent, new Map());
    codes.get(respondent)!.set(variable, code);
  }
  const asked = new Set(
    (answered.getRows() as [number, string][]).map(([r, q]) => `${r}\u0000${q}`),
  );

  const columns = layout.variables.map((v) => `${quotedIdentifier(v.name)} ${v.type}`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE labelled_wide (${columns.join(", ")})`);
  const fixedCount = fixed.length;
  if (layout.variables.slice(0, fixedCount).some((v) => v.question))
    throw new Error("labelled-table.ts: the layout's fixed columns must come before its questions");
  const perQuestion = layout.variables.filter((v) => v.question);
  const out = await conn.createAppender("labelled_wide", "main", "temp");
  let rows = 0;
  try {
    for (const row of people.getRows()) {
      for (let i = 0; i < fixedCount; i++) {
        const value = row[i];
        const type = layout.variables[i]!.type;
        if (value === null || value === undefined) out.appendNull();
        else if (type === "DOUBLE") out.appendDouble(Number(value));
        else if (type === "TIMESTAMP") out.appendValue(value as DuckDBTimestampValue);
        else out.appendInteger(Number(value));
      }
      const respondent = Number(row[0]);
      const mine = codes.get(respondent);
      for (const v of perQuestion) {
        const code = mine?.get(v.name);
        if (code !== undefined) out.appendInteger(code);
        // why: 0 only for someone who answered the question; a skipped question stays empty
        else if (v.kind === "indicator" && asked.has(`${respondent}\u0000${v.question}`))
          out.appendInteger(0);
        else out.appendNull();
      }
      out.endRow();
      rows++;
    }
    out.flushSync();
  } finally {
    out.closeSync();
  }
  return rows;
}

/** The SQL of each fixed (not per-question) column, over respondents r, k8s_users k, times t. */
const FIXED_COLUMNS: Record<string, string> = {
  respondent: "r.respondent::INTEGER",
  sheet_row: "r.sheet_row::INTEGER",
  sample: "CASE WHEN r.panel THEN 2 WHEN NOT r.panel THEN 1 END::INTEGER",
  k8s_user: "(k.respondent IS NOT NULL)::INTEGER",
  started: "t.started",
  completion_minutes: "date_diff('minute', t.started, t.ended)::INTEGER",
  weight: "lw.weight",
};

function missingFixed(name: string): never {
  throw new Error(`labelled-table.ts: no column for the fixed variable ${name}`);
}
