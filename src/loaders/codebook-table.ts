import type { DuckDBConnection } from "@duckdb/node-api";
import { appendRows } from "../db/append.ts";
import type { Question } from "./codebook.ts";

const SCHEMA = `
CREATE TABLE codebook_questions (id VARCHAR PRIMARY KEY, label VARCHAR, type VARCHAR, description VARCHAR);
CREATE TABLE codebook_options (question VARCHAR, option VARCHAR, "order" INTEGER);
CREATE TABLE codebook_aliases (question VARCHAR, alias VARCHAR, option VARCHAR);
CREATE TABLE codebook_years (question VARCHAR, year INTEGER, question_text VARCHAR, occurrence INTEGER);
CREATE TABLE codebook_breaks (question VARCHAR, year INTEGER, kind VARCHAR, explanation VARCHAR);
`;

/** Stores the codebook beside the data it harmonised, so a query can show what a label means. */
export async function writeCodebook(conn: DuckDBConnection, questions: Question[]): Promise<void> {
  await conn.run(SCHEMA);
  await appendRows(
    conn,
    "codebook_questions",
    questions.map((q) => [q.id, q.label, q.type, q.description ?? null]),
  );
  await appendRows(
    conn,
    "codebook_options",
    questions.flatMap((q) => q.options.map((o, i) => [q.id, o, i + 1])),
  );
  await appendRows(
    conn,
    "codebook_aliases",
    questions.flatMap((q) => Object.entries(q.aliases).map(([a, o]) => [q.id, a, o])),
  );
  await appendRows(
    conn,
    "codebook_years",
    questions.flatMap((q) =>
      Object.entries(q.years).flatMap(([year, m]) =>
        (Array.isArray(m.question) ? m.question : [m.question]).map((text) => [
          q.id,
          Number(year),
          text,
          m.occurrence ?? null,
        ]),
      ),
    ),
  );
  await appendRows(
    conn,
    "codebook_breaks",
    questions.flatMap((q) =>
      Object.entries(q.years).flatMap(([year, m]) =>
        (m.breaks ?? []).map((b) => [q.id, Number(year), b.kind, b.text]),
      ),
    ),
  );
  // One row per respondent with every single-choice answer as a column: the handiest shape for cross-tabs.
  const singles = questions.filter((q) => q.type === "single");
  const columns = singles.map(
    (q) => `any_value(a.option) FILTER (WHERE a.question = '${q.id}') AS ${q.id}`,
  );
  // Question ids are spliced in: the codebook schema allows only [a-z][a-z0-9_]* there.
  await conn.run(`
    CREATE VIEW respondent_profile AS
    SELECT r.source, r.year, r.respondent, r.panel, ${columns.join(",\n      ")}
    FROM respondents r LEFT JOIN answers a USING (source, respondent)
    -- why: the published sample only, as every analysis counts it
    WHERE r.excluded IS NULL
    GROUP BY r.source, r.year, r.respondent, r.panel`);
}
