import type { DuckDBConnection } from "@duckdb/node-api";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { queryRows } from "../db/open.ts";
import { CensusError } from "../errors.ts";
import { dataDir } from "../paths.ts";

// why: not loaders/codebook.ts's constant: importing it would load zod on every cross-tab
const codebookDir = join(dataDir, "codebook");

/** What a cross-tab checks a question name against: the codebook the database was built with. */
export interface CodebookQuestion {
  id: string;
  label: string;
  type: "single" | "multi" | "matrix" | "free_text";
  /** Canonical options in codebook order. */
  options: string[];
  /** Years the codebook maps the question in, respondent-level or not (2021 is summaries only). */
  asked: number[];
}

const QUESTIONS_SQL = `
SELECT q.id, q.label, q.type,
       coalesce((SELECT list(o.option ORDER BY o."order") FROM codebook_options o WHERE o.question = q.id), []) AS options,
       coalesce((SELECT list(DISTINCT y.year ORDER BY y.year) FROM codebook_years y WHERE y.question = q.id), []) AS asked
FROM codebook_questions q
ORDER BY q.id`;

/** Every codebook question, by id. */
export async function loadQuestions(
  conn: DuckDBConnection,
): Promise<Map<string, CodebookQuestion>> {
  const rows = await queryRows(conn, QUESTIONS_SQL);
  return new Map(
    rows.map((r) => [
      String(r.id),
      {
        id: String(r.id),
        label: String(r.label),
        type: r.type as CodebookQuestion["type"],
        options: (r.options as string[]).map(String),
        asked: (r.asked as number[]).map(Number),
      },
    ]),
  );
}

// why: a level or option given means "someone in the sample answered that" that year; none
// given means "anyone answered the question" — the years a cross-tab can use at all
const ANSWER_YEARS_SQL = `
SELECT DISTINCT year FROM answers
WHERE question = $question
  AND ($option IS NULL OR option = $option)
  AND ($level IS NULL OR value = $level)
ORDER BY year`;

/** Years whose published sample holds respondent-level answers to a question (or that option, at that level). */
export async function answerYears(
  conn: DuckDBConnection,
  question: string,
  option: string | null = null,
  level: string | null = null,
): Promise<number[]> {
  const rows = await queryRows(conn, ANSWER_YEARS_SQL, { question, option, level });
  return rows.map((r) => Number(r.year));
}

/**
 * A matrix question's levels in codebook order. The database keeps each answer's level but not
 * the codebook's list of them, so their order is read from the question's own codebook file (only
 * that one: an edit elsewhere in the codebook cannot break a cross-tab of this question). The
 * file was validated when the database was built; the YAML parser is loaded only when a matrix
 * needs it, sparing every other cross-tab its start-up cost.
 */
export async function matrixLevels(question: string): Promise<string[]> {
  // why: safe as a path: the id was checked against the codebook ids, which match [a-z][a-z0-9_]*
  const file = join(codebookDir, `${question}.yml`);
  const { parse } = await import("yaml");
  let levels: unknown;
  try {
    levels = (parse(await readFile(file, "utf8")) as { levels?: unknown } | null)?.levels;
  } catch (e) {
    throw new CensusError(
      `${file}: cannot read the levels of ${question} (${(e as Error).message})`,
    );
  }
  if (levels === null || typeof levels !== "object" || Array.isArray(levels))
    throw new CensusError(`${file}: a matrix question needs its levels (a mapping).`);
  return Object.keys(levels);
}

/** A standard net as the codebook stores it (codebook_nets): name and members, in order. */
export interface CodebookNet {
  name: string;
  members: string[];
}

const NETS_SQL = `
SELECT question, net, list(member ORDER BY member_order) AS members FROM codebook_nets
GROUP BY question, net, "order" ORDER BY question, "order"`;

/** Every question's standard nets, by question id. */
export async function loadNets(conn: DuckDBConnection): Promise<Map<string, CodebookNet[]>> {
  let rows;
  try {
    rows = await queryRows(conn, NETS_SQL);
  } catch (e) {
    if (!/codebook_nets/.test((e as Error).message)) throw e;
    throw new CensusError(
      "the database predates the codebook's nets (no codebook_nets table): rebuild it with `kube-census ingest`.",
    );
  }
  const nets = new Map<string, CodebookNet[]>();
  for (const r of rows) {
    const q = String(r.question);
    if (!nets.has(q)) nets.set(q, []);
    nets.get(q)!.push({ name: String(r.net), members: (r.members as string[]).map(String) });
  }
  return nets;
}
