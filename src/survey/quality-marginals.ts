/**
 * Check 7 of `kube-census quality`: what the 2021 summary workbooks allow. They hold one
 * question's counts at a time (`published_marginals`), never a respondent, so straight-lining,
 * list position within a respondent, break-off, speed and any panel split cannot be checked.
 * What can be: per wave, sheet and region, how many skipped the question, and how many options
 * an answer ticked on average (sum of counts / answered: 1 for a single-choice question).
 *
 * The workbooks print Answered and Skipped for the Total only. A region's base is recovered from
 * its cells (count / share, from the cell with the largest count, where rounding of the printed
 * share matters least) and its respondents from the region question (Question 1, which nobody
 * skipped); for a matrix sheet each row has its own base, so its largest row's base is used and
 * the skipped share is an upper bound.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";

export const TOTAL = "Total";

export interface MarginalQualityRow {
  year: number;
  wave: number;
  sheet: string;
  question: string;
  /** The codebook question the sheet was harmonised to; null when not mapped. */
  question_id: string | null;
  region: string;
  matrix: boolean;
  /** Respondents of the wave (Total) or of the region, who all saw the question's page. */
  respondents: number | null;
  answered: number | null;
  skipped: number | null;
  share_skipped: number | null;
  /** Sum of counts / answered, for sheets without rows; null for a matrix sheet. */
  options_per_answer: number | null;
  /** How the base was obtained: "printed" (Total) or "count / share" (a region). */
  base: string;
}

export async function marginalQuality(
  conn: DuckDBConnection,
  year?: number,
): Promise<MarginalQualityRow[]> {
  const rows = await queryRows(
    conn,
    `WITH m AS (
  -- why: 0 stands for every year
  SELECT * FROM published_marginals WHERE $year = 0 OR year = $year
),
region_respondents AS (
  SELECT year, wave, region, max(count) AS respondents FROM m
  WHERE question_id = 'region' AND region = option GROUP BY ALL
),
wave_respondents AS (
  -- why: every block prints Answered + Skipped = everyone the wave's workbook counts
  SELECT year, wave, max(answered + skipped) AS respondents FROM m GROUP BY ALL
),
per_row_base AS (
  SELECT year, wave, sheet, region, item,
    arg_max(count / share, count) FILTER (WHERE share > 0) AS base, sum(count) AS counted
  FROM m GROUP BY ALL
),
blocks AS (
  SELECT year, wave, sheet, any_value(question) AS question, any_value(question_id) AS question_id,
    region, bool_or(item IS NOT NULL) AS matrix, max(answered) AS printed_answered,
    max(skipped) AS printed_skipped, sum(count) AS counted
  FROM m GROUP BY ALL
),
estimated AS (
  SELECT year, wave, sheet, region, round(max(coalesce(base, 0))) AS base FROM per_row_base GROUP BY ALL
)
SELECT b.year, b.wave, b.sheet, b.question, b.question_id, b.region, b.matrix,
  CASE WHEN b.region = '${TOTAL}' THEN w.respondents ELSE r.respondents END AS respondents,
  CASE WHEN b.region = '${TOTAL}' THEN b.printed_answered ELSE e.base END AS answered,
  CASE WHEN b.region = '${TOTAL}' THEN b.printed_skipped END AS printed_skipped,
  b.counted
FROM blocks b JOIN wave_respondents w USING (year, wave)
LEFT JOIN region_respondents r USING (year, wave, region)
JOIN estimated e USING (year, wave, sheet, region)
ORDER BY b.year, b.wave, try_cast(regexp_extract(b.sheet, '(\\d+)$', 1) AS INTEGER), b.sheet,
  b.region = '${TOTAL}' DESC, b.region`,
    { year: year ?? 0 },
  );
  return rows.map((r) => {
    const total = r.region === TOTAL;
    const respondents = r.respondents === null ? null : Number(r.respondents);
    const answered = r.answered === null ? null : Number(r.answered);
    const skipped = total
      ? Number(r.printed_skipped)
      : respondents === null || answered === null
        ? null
        : respondents - answered;
    const matrix = Boolean(r.matrix);
    return {
      year: Number(r.year),
      wave: Number(r.wave),
      sheet: String(r.sheet),
      question: String(r.question),
      question_id: (r.question_id as string | null) ?? null,
      region: String(r.region),
      matrix,
      respondents,
      answered,
      skipped,
      share_skipped:
        skipped === null || respondents === null || respondents === 0
          ? null
          : skipped / respondents,
      options_per_answer:
        matrix || answered === null || answered === 0 ? null : Number(r.counted) / answered,
      base: total ? "printed" : matrix ? "largest row: count / share" : "count / share",
    };
  });
}
