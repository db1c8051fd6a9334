import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";

/** One canonical question of the codebook, as `kube-census questions` lists it. */
export interface QuestionRow {
  id: string;
  label: string;
  type: "single" | "multi" | "matrix" | "free_text";
  /** The survey years whose export (or, for 2021, summary workbook) asks it. */
  years: number[];
  /** How many canonical options (a matrix: its rows). */
  options: number;
  option_list: string[];
  /** The codebook's standard nets (cross-tab rows, columns and filters by name), in order. */
  nets: { name: string; members: string[] }[];
}

export interface QuestionFilter {
  /** Keep the questions this survey year asks. */
  year?: number;
  /** Case-insensitive text to find in the id, label, any year's question text, options or aliases. */
  search?: string;
}

const QUESTIONS_SQL = `
WITH asked AS (
  SELECT question, list(DISTINCT year ORDER BY year) AS years,
         string_agg(question_text, ' ') AS texts
  FROM codebook_years GROUP BY question
),
opts AS (
  SELECT question, list(option ORDER BY "order") AS option_list FROM codebook_options GROUP BY question
),
nets AS (
  SELECT question, list({'name': net, 'members': members} ORDER BY "order") AS nets FROM (
    SELECT question, net, "order", list(member ORDER BY member_order) AS members
    FROM codebook_nets GROUP BY ALL
  ) GROUP BY question
),
aliases AS (
  SELECT question, string_agg(alias, ' ') AS printed FROM codebook_aliases GROUP BY question
),
described AS (
  SELECT q.id, q.label, q.type, coalesce(a.years, []) AS years,
         coalesce(o.option_list, []) AS option_list, n.nets,
         lower(concat_ws(' ', q.id, q.label, a.texts, array_to_string(o.option_list, ' '), al.printed,
           array_to_string(list_transform(n.nets, x -> x.name), ' '))) AS haystack
  FROM codebook_questions q
  LEFT JOIN asked a ON a.question = q.id
  LEFT JOIN opts o ON o.question = q.id
  LEFT JOIN aliases al ON al.question = q.id
  LEFT JOIN nets n ON n.question = q.id
)
SELECT id, label, type, years, len(option_list)::INTEGER AS options, option_list, nets
FROM described
-- why: --year keeps the questions that year's export asks (2021: its summary workbooks)
WHERE ($year::INTEGER IS NULL OR list_contains(years, $year::INTEGER))
  -- why: a question is found by whatever the user remembers: its id, label, any year's wording,
  -- an answer, the label another year prints for an answer, or a standard net's name; contains(), not LIKE, so % and _ are literal
  AND ($search::VARCHAR IS NULL OR contains(haystack, lower($search::VARCHAR)))
ORDER BY id`;

const YEARS_SQL = `SELECT DISTINCT year FROM codebook_years ORDER BY year`;

/** The codebook's questions that pass the filter, by id. */
export async function questions(
  conn: DuckDBConnection,
  filter: QuestionFilter = {},
): Promise<QuestionRow[]> {
  const rows = await queryRows(conn, QUESTIONS_SQL, {
    year: filter.year ?? null,
    search: filter.search ?? null,
  });
  return rows.map((r) => ({
    id: String(r.id),
    label: String(r.label),
    type: r.type as QuestionRow["type"],
    years: (r.years as number[]).map(Number),
    options: Number(r.options),
    option_list: (r.option_list as string[]).map(String),
    nets: ((r.nets ?? []) as { name: unknown; members: unknown[] }[]).map((n) => ({
      name: String(n.name),
      members: n.members.map(String),
    })),
  }));
}

/** The survey years the codebook maps any question for. */
export async function codebookYears(conn: DuckDBConnection): Promise<number[]> {
  return (await queryRows(conn, YEARS_SQL)).map((r) => Number(r.year));
}
