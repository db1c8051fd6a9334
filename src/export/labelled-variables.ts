/**
 * What the labelled respondent file of one survey year holds, column by column: each variable's
 * name, label, value labels and the multiple-response sets, derived from the codebook and from
 * what that year's export offered and its respondents answered. The table itself is built from
 * this by labelled-table.ts; the syntax files and the Parquet metadata write it out.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { CensusError } from "../errors.ts";
import { loadQuestions, matrixLevels } from "../survey/crosstab-codebook.ts";
import { K8S_USERS_DESCRIPTION } from "../survey/universes.ts";
import { checkNames, optionVariable, OTHER_OPTION } from "./labelled-names.ts";

export interface ValueLabel {
  code: number;
  label: string;
}

/**
 * - `key`: the respondent's keys; `coded`: a code with value labels (single choice, a matrix row);
 * - `indicator`: 1 chosen, 0 not chosen by someone who answered the question, empty when the
 *   question was not answered at all (a multi-select option, or a "single" question a year let
 *   respondents answer twice);
 * - `number`: a measurement (minutes); `time`: a timestamp; `weight`: the raking weight.
 */
export type VariableKind = "key" | "coded" | "indicator" | "number" | "time" | "weight";

export interface LabelledVariable {
  name: string;
  label: string;
  kind: VariableKind;
  /** The column's type in DuckDB and Parquet. */
  type: "INTEGER" | "DOUBLE" | "TIMESTAMP";
  /** The codebook question it comes from, and for a per-option column the option (row item). */
  question?: string;
  option?: string;
  values?: ValueLabel[];
}

/** A multiple-response set (SPSS MRSETS, a dichotomy group): its indicators, counted value 1. */
export interface MrSet {
  name: string;
  label: string;
  question: string;
  variables: string[];
  counted: 1;
}

/** How an answer row (question, option, matrix level) becomes a variable's code. */
export interface AnswerCode {
  question: string;
  option: string;
  /** A matrix row's level; null: any answer row of that option (single choice, indicator). */
  level: string | null;
  variable: string;
  code: number;
}

/** A codebook question as the file lays it out, with the year's own wording. */
export interface LabelledQuestion {
  id: string;
  label: string;
  type: string;
  /** The wording the year's export printed (its first, where it printed several). */
  text: string | null;
  /** coded: one column; indicators: one 0/1 column per option; matrix: a coded column per row. */
  layout: "coded" | "indicators" | "matrix";
  /** Why a single-choice question became indicators, when it did. */
  note?: string;
}

export interface LabelledLayout {
  year: number;
  period: string;
  variables: LabelledVariable[];
  mrsets: MrSet[];
  codes: AnswerCode[];
  questions: LabelledQuestion[];
  /** Whether the year's respondents are marked panel / community, and have start and end times. */
  panel: boolean;
  times: boolean;
}

export const SAMPLE_LABELS: ValueLabel[] = [
  { code: 1, label: "community" },
  { code: 2, label: "paid panel (identified by collector)" },
];

export const INDICATOR_UNCHOSEN = "not chosen";

const YEAR_SQL = `
SELECT s.year, any_value(s.period) AS period,
  (SELECT count(*) FROM respondents r WHERE r.year = s.year) AS respondents,
  (SELECT bool_or(r.panel IS NOT NULL) FROM respondents r WHERE r.year = s.year) AS panel,
  -- why: SurveyMonkey's response metadata; only an export that kept both has completion times
  (SELECT count(DISTINCT c.question) = 2 FROM survey_columns c
   WHERE c.year = s.year AND c.question_id IS NULL AND c.question IN ('Start Date', 'End Date')) AS times
FROM survey_sources s WHERE s.year = $year GROUP BY s.year`;

// The year's closed questions in the order its export asks them (free text never enters the file).
const QUESTIONS_SQL = `
SELECT c.question_id AS id, min(c.position) AS first_position
FROM survey_columns c JOIN codebook_questions q ON q.id = c.question_id
WHERE c.year = $year AND q.type <> 'free_text'
GROUP BY c.question_id ORDER BY first_position`;

const WORDING_SQL = `
SELECT question, first(question_text ORDER BY occurrence NULLS FIRST) AS text
FROM codebook_years WHERE year = $year GROUP BY question`;

// Every option (row item) the year offered or someone answered, with its codebook place.
const OPTIONS_SQL = `
WITH seen AS (
  SELECT question, option FROM survey_offered WHERE year = $year
  UNION SELECT question, option FROM answers WHERE year = $year
)
SELECT s.question, s.option, o."order" AS code
FROM seen s LEFT JOIN codebook_options o USING (question, option)
ORDER BY s.question, o."order" NULLS LAST, s.option`;

// Per matrix row: how many answers carry a level, how many none (a typed "Other or None" box).
const ROWS_SQL = `
SELECT question, option, count(value) AS levelled, count(*) - count(value) AS bare,
  list(DISTINCT value) FILTER (WHERE value IS NOT NULL) AS levels
FROM answers WHERE year = $year GROUP BY ALL`;

const MOST_SQL = `
SELECT question, max(n) AS most FROM (
  SELECT question, respondent, count(*) AS n FROM answers WHERE year = $year GROUP BY ALL
) GROUP BY question`;

/**
 * A matrix's level codes: a level that is a whole number (a 1–5 scale, "0" clusters) keeps its
 * number; the others follow the largest such number in codebook order (so "N/A" after 1–5 is 6,
 * and "Using in production", "Evaluating", "N/A" are 1, 2, 3). From the codebook's whole list, not
 * the year's, so a code means the same level in every year.
 */
export function levelCodes(levels: readonly string[]): Map<string, number> {
  const codes = new Map<string, number>();
  let next = 1;
  for (const level of levels)
    if (/^\d+$/.test(level)) {
      codes.set(level, Number(level));
      next = Math.max(next, Number(level) + 1);
    }
  for (const level of levels) if (!codes.has(level)) codes.set(level, next++);
  return codes;
}

/**
 * The layout of `year`'s labelled file. Refuses a year with no respondent rows (2021: CNCF
 * published one-question summaries only), naming the years that have them.
 */
export async function labelledLayout(
  conn: DuckDBConnection,
  year: number,
): Promise<LabelledLayout> {
  const info = (await queryRows(conn, YEAR_SQL, { year }))[0];
  if (!info || Number(info.respondents) === 0) {
    const have = (await queryRows(conn, `SELECT DISTINCT year FROM respondents ORDER BY year`)).map(
      (r) => Number(r.year),
    );
    throw new CensusError(
      info
        ? `${year}: CNCF published only one-question summaries (published_marginals), no respondent rows, so there is no respondent file to label. Years with respondents: ${have.join(", ")}.`
        : `${year}: no survey of that year in the database. Years with respondents: ${have.join(", ")}.`,
    );
  }
  const panel = Boolean(info.panel);
  const times = Boolean(info.times);
  const codebook = await loadQuestions(conn);
  const wording = new Map(
    (await queryRows(conn, WORDING_SQL, { year })).map((r) => [String(r.question), r.text]),
  );
  const options = new Map<string, { option: string; code: number | null }[]>();
  for (const r of await queryRows(conn, OPTIONS_SQL, { year })) {
    const q = String(r.question);
    if (!options.has(q)) options.set(q, []);
    options
      .get(q)!
      .push({ option: String(r.option), code: r.code === null ? null : Number(r.code) });
  }
  const rows = new Map<string, { levelled: number; bare: number; levels: string[] }>();
  for (const r of await queryRows(conn, ROWS_SQL, { year }))
    rows.set(`${r.question}\u0000${r.option}`, {
      levelled: Number(r.levelled),
      bare: Number(r.bare),
      levels: ((r.levels as string[] | null) ?? []).map(String),
    });
  const most = new Map(
    (await queryRows(conn, MOST_SQL, { year })).map((r) => [String(r.question), Number(r.most)]),
  );

  const variables: LabelledVariable[] = [
    {
      name: "respondent",
      label: "Respondent key in the census database (the export's row order)",
      kind: "key",
      type: "INTEGER",
    },
    {
      name: "sheet_row",
      label: "Row of the respondent in the raw export file, as a spreadsheet numbers it",
      kind: "key",
      type: "INTEGER",
    },
  ];
  if (panel)
    variables.push({
      name: "sample",
      label: "Sample part: community or the paid panel (identified by collector)",
      kind: "coded",
      type: "INTEGER",
      values: SAMPLE_LABELS,
    });
  variables.push({
    name: "k8s_user",
    label: `Kubernetes user (${K8S_USERS_DESCRIPTION.replace(/^Kubernetes users: /, "")})`,
    kind: "coded",
    type: "INTEGER",
    values: [
      { code: 0, label: "no" },
      { code: 1, label: "Kubernetes user" },
    ],
  });
  if (times)
    variables.push(
      {
        name: "started",
        label: "When the response was started (the export's Start Date, to the minute)",
        kind: "time",
        type: "TIMESTAMP",
      },
      {
        name: "completion_minutes",
        label: "Minutes from the export's Start Date to its End Date",
        kind: "number",
        type: "INTEGER",
      },
    );

  const mrsets: MrSet[] = [];
  const codes: AnswerCode[] = [];
  const questions: LabelledQuestion[] = [];
  for (const row of await queryRows(conn, QUESTIONS_SQL, { year })) {
    const id = String(row.id);
    const q = codebook.get(id)!;
    const offered = options.get(id) ?? [];
    const place = (o: { option: string; code: number | null }): number | "other" => {
      if (o.code !== null) return o.code;
      if (o.option === OTHER_OPTION) return "other";
      throw new CensusError(
        `${year} ${id}: the option "${o.option}" is not in data/codebook/${id}.yml's options, so it has no code: add it there (or an alias) and ingest again.`,
      );
    };
    const text = wording.get(id);
    const question: LabelledQuestion = {
      id,
      label: q.label,
      type: q.type,
      text: text == null ? null : String(text),
      layout: "coded",
    };
    questions.push(question);
    const twice = q.type === "single" && (most.get(id) ?? 0) > 1;
    if (q.type === "single" && !twice) {
      const values = offered.map((o) => {
        const code = place(o);
        if (code === "other")
          throw new CensusError(
            `${year} ${id}: "${o.option}" is not in data/codebook/${id}.yml's options, so it has no code: add it there.`,
          );
        codes.push({ question: id, option: o.option, level: null, variable: id, code });
        return { code, label: o.option };
      });
      variables.push({
        name: id,
        label: q.label,
        kind: "coded",
        type: "INTEGER",
        question: id,
        values,
      });
    } else if (q.type === "multi" || twice) {
      question.layout = "indicators";
      if (twice)
        question.note = `a single-choice question, but ${year}'s export holds up to ${most.get(id)} answers from one respondent: one 0/1 column per option`;
      const set: MrSet = { name: id, label: q.label, question: id, variables: [], counted: 1 };
      for (const o of offered) {
        const name = optionVariable(id, place(o));
        codes.push({ question: id, option: o.option, level: null, variable: name, code: 1 });
        variables.push(indicator(name, `${q.label}: ${o.option}`, id, o.option));
        set.variables.push(name);
      }
      mrsets.push(set);
    } else if (q.type === "matrix") {
      question.layout = "matrix";
      const all = await matrixLevels(id);
      const levelCode = levelCodes(all);
      const seen = new Set(
        offered.flatMap((o) => rows.get(`${id}\u0000${o.option}`)?.levels ?? []),
      );
      for (const level of seen)
        if (!levelCode.has(level))
          throw new CensusError(
            `${year} ${id}: the level "${level}" is not in data/codebook/${id}.yml's levels: add it there and ingest again.`,
          );
      const values = all
        .filter((l) => seen.has(l))
        .map((l) => ({ code: levelCode.get(l)!, label: l }));
      for (const o of offered) {
        const name = optionVariable(id, place(o));
        const stats = rows.get(`${id}\u0000${o.option}`);
        if (stats && stats.bare > 0 && stats.levelled > 0)
          throw new CensusError(
            `${year} ${id}: the row "${o.option}" has ${stats.levelled} answers with a level and ${stats.bare} without; a column can hold one or the other. Check the codebook's levels for that row.`,
          );
        if (stats && stats.bare > 0) {
          // why: the typed "Other or None" box has no level, only whether something was typed
          codes.push({ question: id, option: o.option, level: null, variable: name, code: 1 });
          variables.push(
            indicator(name, `${q.label}: ${o.option} (typed; text not exported)`, id, o.option),
          );
          continue;
        }
        for (const [level, code] of levelCode)
          codes.push({ question: id, option: o.option, level, variable: name, code });
        variables.push({
          name,
          label: `${q.label}: ${o.option}`,
          kind: "coded",
          type: "INTEGER",
          question: id,
          option: o.option,
          values,
        });
      }
    }
  }
  checkNames(variables.map((v) => v.name));
  return {
    year,
    period: String(info.period),
    variables,
    mrsets,
    codes,
    questions,
    panel,
    times,
  };
}

function indicator(
  name: string,
  label: string,
  question: string,
  option: string,
): LabelledVariable {
  return {
    name,
    label,
    kind: "indicator",
    type: "INTEGER",
    question,
    option,
    values: [
      { code: 0, label: INDICATOR_UNCHOSEN },
      { code: 1, label: option },
    ],
  };
}

/** The weight column, when the export is weighted (its label says to what). */
export function weightVariable(description: string): LabelledVariable {
  return { name: "weight", label: `Raking weight: ${description}`, kind: "weight", type: "DOUBLE" };
}
