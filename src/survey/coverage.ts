import { LIST, listValue, VARCHAR, type DuckDBConnection } from "@duckdb/node-api";

/** How much of one respondent-level export the codebook reaches. */
export interface CoverageRow {
  source: string;
  year: number;
  /** As the survey is known: "1H 2020" for the 2020 export. */
  period: string;
  /** Distinct (question, occurrence) blocks with at least one closed column. */
  closed_questions: number;
  /** Of those, the blocks the codebook maps (any column with a codebook question). */
  mapped: number;
  /** mapped / closed_questions, in percent (one decimal). */
  coverage: number;
  /** Closed columns of mapped blocks left out of the mapping (`exclude`: typed or header-less columns). */
  unmapped_columns: number;
  /** The question texts of the closed blocks no codebook question maps. */
  unmapped_questions: string[];
}

/**
 * The 2022 export's leading columns (row 3 "Seq #", then respondent and collector ids, dates,
 * language): facts about the response, not questions.
 */
export const METADATA_COLUMNS = [
  "RDS",
  "Respondent ID",
  "Collector ID",
  "Start Date",
  "End Date",
  "language",
];

const COVERAGE_SQL = `
WITH columns AS (
  SELECT c.*,
         -- why: a closed column holds picked answers; "Other" boxes, open questions and columns of
         -- free_text questions (typed words exported as option columns) are typed text
         NOT c.free_text AND c.kind <> 'open' AS closed
  FROM survey_columns c
  -- why: the coded 2022 export leads with response metadata, which no survey question asks
  WHERE NOT list_contains($metadata, c.question)
),
blocks AS (
  SELECT source, year, question, occurrence, min(position) AS position,
         bool_or(question_id IS NOT NULL) AS mapped,
         count(*) FILTER (WHERE closed AND question_id IS NULL)::INTEGER AS unmapped_columns
  FROM columns
  GROUP BY source, year, question, occurrence
  -- why: a block with no closed column is free text only, not a closed question
  HAVING bool_or(closed)
)
SELECT b.source, b.year, s.period,
       count(*)::INTEGER AS closed_questions,
       count(*) FILTER (WHERE b.mapped)::INTEGER AS mapped,
       round(100.0 * count(*) FILTER (WHERE b.mapped) / count(*), 1)::DOUBLE AS coverage,
       coalesce(sum(b.unmapped_columns) FILTER (WHERE b.mapped), 0)::INTEGER AS unmapped_columns,
       coalesce(list(b.question ORDER BY b.position) FILTER (WHERE NOT b.mapped), []) AS unmapped_questions
FROM blocks b JOIN survey_sources s USING (source)
GROUP BY b.source, b.year, s.period
ORDER BY b.year, b.source`;

/** Per respondent-level export: closed questions asked, and how many the codebook maps. */
export async function coverage(conn: DuckDBConnection): Promise<CoverageRow[]> {
  const reader = await conn.runAndReadAll(
    COVERAGE_SQL,
    { metadata: listValue(METADATA_COLUMNS) },
    { metadata: LIST(VARCHAR) },
  );
  return reader.getRowObjectsJS().map((r) => ({
    source: String(r.source),
    year: Number(r.year),
    period: String(r.period),
    closed_questions: Number(r.closed_questions),
    mapped: Number(r.mapped),
    coverage: Number(r.coverage),
    unmapped_columns: Number(r.unmapped_columns),
    unmapped_questions: (r.unmapped_questions as string[]).map(String),
  }));
}
