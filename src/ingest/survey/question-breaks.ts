import type { DuckDBConnection } from "@duckdb/node-api";
import { appendRows } from "../../db/append.ts";
import { NOT_SUBSTANTIVE_SQL } from "../codebook/substantive.ts";
import type { RoutingBreak } from "./routing-breaks.ts";

/**
 * Every break of every question, in one table: the codebook's hand-written ones (`codebook_breaks`:
 * wording, universe, routing a person reviewed) and the ones the data shows by itself, derived here
 * from what each export offered (`survey_offered`), how it was answered and how the codebook maps
 * it. A break belongs to a question and a year — it separates that year from the previous year the
 * question was asked in a respondent-level export — and, where it affects one option only, to that
 * option (`option` null = every row of the question).
 *
 * Derived kinds:
 * - options: an option first offered, or no longer offered. In a multi-select or matrix it affects
 *   that option (and Other, whose typed answers a new option can absorb); in a single choice every
 *   share is a part of one whole, so it affects every row.
 * - alias: the same option printed under another label. Comparable (`comparable` = true): kept so
 *   that a rename is visible, never a reason to refuse a comparison.
 * - type: one answer per respondent one year, several the next (or the reverse), measured from the
 *   answers per respondent (Other aside).
 * - scale: a matrix's levels changed (e.g. a don't-know level added or merged).
 * - wording: one year asked the question as several blocks that the codebook folds into one id.
 * - routing: who was asked changed (routed one year, not the next, or by another filter), from the
 *   routing detected in the answers (`question_routing`, src/ingest/survey/routing.ts).
 */
export const QUESTION_BREAKS_SQL = `
-- why: a change confined to don't-know / not-applicable answers leaves a base of valid answers
-- comparable (\`--valid\`): valid_only marks such breaks

CREATE OR REPLACE TABLE question_breaks AS
WITH asked AS (
  SELECT DISTINCT question, year FROM survey_offered
),
steps AS (
  SELECT question, year, lag(year) OVER (PARTITION BY question ORDER BY year) AS previous FROM asked
),
offered AS (SELECT DISTINCT question, year, option FROM survey_offered),
types AS (SELECT id AS question, type FROM codebook_questions),
added AS (
  SELECT s.question, s.year, s.previous, o.option FROM steps s JOIN offered o USING (question, year)
  WHERE s.previous IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM offered p WHERE p.question = s.question AND p.year = s.previous AND p.option = o.option)
),
dropped AS (
  SELECT s.question, s.year, s.previous, p.option FROM steps s JOIN offered p ON p.question = s.question AND p.year = s.previous
  WHERE NOT EXISTS (SELECT 1 FROM offered o WHERE o.question = s.question AND o.year = s.year AND o.option = p.option)
),
option_changes AS (
  SELECT question, year, previous, option, 'first offered in ' || survey_name(year) AS what FROM added
  UNION ALL
  SELECT question, year, previous, option, 'no longer offered (offered in ' || survey_name(previous) || ')' FROM dropped
),
-- why: in a multi-select or matrix a new or dropped option changes its own row (and Other's)
per_option AS (
  SELECT c.question, c.year, c.previous, 'options' AS kind, c.option,
    '"' || c.option || '" ' || c.what || '.' AS explanation,
    ${NOT_SUBSTANTIVE_SQL("c.option")} AS valid_only
  FROM option_changes c JOIN types t USING (question) WHERE t.type <> 'single'
  UNION ALL
  SELECT c.question, c.year, c.previous, 'options', 'Other (please specify)',
    'Options were added (' || string_agg('"' || c.option || '"', ', ' ORDER BY c.option) || '): typed "Other" answers can move into them.',
    false
  FROM option_changes c JOIN types t USING (question)
  WHERE t.type <> 'single' AND c.what LIKE 'first%' AND c.option <> 'Other (please specify)'
    AND EXISTS (SELECT 1 FROM offered o WHERE o.question = c.question AND o.year = c.year AND o.option = 'Other (please specify)')
    AND EXISTS (SELECT 1 FROM offered o WHERE o.question = c.question AND o.year = c.previous AND o.option = 'Other (please specify)')
  GROUP BY c.question, c.year, c.previous
),
-- why: the shares of a single choice add up to one whole; a changed list moves every one of them
whole_list AS (
  SELECT c.question, c.year, c.previous, 'options' AS kind, NULL AS option,
    'The answer list changed: ' || string_agg('"' || c.option || '" ' || c.what, '; ' ORDER BY c.what, c.option) || '.' AS explanation,
    bool_and(${NOT_SUBSTANTIVE_SQL("c.option")}) AS valid_only
  FROM option_changes c JOIN types t USING (question) WHERE t.type = 'single'
  GROUP BY c.question, c.year, c.previous
),
printed AS (
  SELECT DISTINCT question_id AS question, year, option_id AS option, option AS label
  FROM survey_columns WHERE option_id IS NOT NULL AND kind = 'option'
),
aliases AS (
  SELECT s.question, s.year, s.previous, 'alias' AS kind, n.option,
    '"' || n.option || '" is printed "' || n.label || '" in ' || survey_name(s.year) || ' and "' || p.label || '" in ' || survey_name(s.previous) || ': the same option.' AS explanation,
    false AS valid_only
  FROM steps s
  JOIN printed n ON n.question = s.question AND n.year = s.year
  JOIN printed p ON p.question = s.question AND p.year = s.previous AND p.option = n.option
  WHERE lower(regexp_replace(n.label, '\\s+', ' ', 'g')) <> lower(regexp_replace(p.label, '\\s+', ' ', 'g'))
),
per_respondent AS (
  SELECT question, year, max(k) AS most FROM (
    SELECT question, year, respondent, count(DISTINCT option) AS k FROM answers
    WHERE value IS NULL AND option <> 'Other (please specify)'
    GROUP BY ALL
  ) GROUP BY ALL
),
typed AS (
  SELECT s.question, s.year, s.previous, 'type' AS kind, NULL AS option,
    'Answered with ' || CASE WHEN n.most > 1 THEN 'several answers' ELSE 'one answer' END || ' per respondent in ' || survey_name(s.year) ||
    ', ' || CASE WHEN p.most > 1 THEN 'several' ELSE 'one' END || ' in ' || survey_name(s.previous) || ': shares of a multi-select are not shares of a single choice.' AS explanation,
    false AS valid_only
  FROM steps s
  JOIN per_respondent n ON n.question = s.question AND n.year = s.year
  JOIN per_respondent p ON p.question = s.question AND p.year = s.previous
  WHERE (n.most > 1) <> (p.most > 1)
),
levels AS (
  SELECT question, year, list(DISTINCT value ORDER BY value) AS levels FROM answers WHERE value IS NOT NULL GROUP BY ALL
),
scaled AS (
  SELECT s.question, s.year, s.previous, 'scale' AS kind, NULL AS option,
    'The levels changed: ' || array_to_string(n.levels, ', ') || ' in ' || survey_name(s.year) || '; ' ||
    array_to_string(p.levels, ', ') || ' in ' || survey_name(s.previous) || '.' AS explanation,
    false AS valid_only
  FROM steps s
  JOIN levels n ON n.question = s.question AND n.year = s.year
  JOIN levels p ON p.question = s.question AND p.year = s.previous
  WHERE n.levels <> p.levels
),
blocks AS (SELECT question, year, count(*) AS k FROM codebook_years GROUP BY ALL),
folded AS (
  SELECT s.question, s.year, s.previous, 'wording' AS kind, NULL AS option,
    'Asked as ' || n.k || ' question' || CASE WHEN n.k > 1 THEN 's' ELSE '' END || ' in ' || survey_name(s.year) || ' and ' || p.k ||
    ' in ' || survey_name(s.previous) || ', which the codebook folds into one.' AS explanation,
    false AS valid_only
  FROM steps s
  JOIN blocks n ON n.question = s.question AND n.year = s.year
  JOIN blocks p ON p.question = s.question AND p.year = s.previous
  WHERE n.k <> p.k
),
routed AS (
  SELECT r.question, r.year, (SELECT max(s.previous) FROM steps s WHERE s.question = r.question AND s.year = r.year) AS previous,
    'routing' AS kind, NULL AS option, r.text AS explanation, false AS valid_only
  FROM routing_breaks r
),
-- why: which question routes it (the year's own filter, else the previous year's): a universe
-- whose members all pass that filter (Kubernetes users pass "do you use Kubernetes?") is not moved
filters AS (
  SELECT r.question, r.year, coalesce(
    (SELECT q.filter_question FROM question_routing q WHERE q.question = r.question AND q.year = r.year),
    (SELECT q.filter_question FROM question_routing q WHERE q.question = r.question AND q.year = s.previous)) AS filter_question
  FROM routing_breaks r JOIN steps s USING (question, year)
),
derived AS (
  SELECT *, 'derived' AS origin FROM per_option
  UNION ALL SELECT *, 'derived' FROM routed
  UNION ALL SELECT *, 'derived' FROM whole_list
  UNION ALL SELECT *, 'derived' FROM aliases
  UNION ALL SELECT *, 'derived' FROM typed
  UNION ALL SELECT *, 'derived' FROM scaled
  UNION ALL SELECT *, 'derived' FROM folded
),
-- why: the previous year a hand-written break separates from is the previous year asked, 2021's
-- summaries included (their breaks describe the summary's own base)
all_years AS (SELECT DISTINCT question, year FROM codebook_years),
hand AS (
  SELECT b.question, b.year,
    (SELECT max(y.year) FROM all_years y WHERE y.question = b.question AND y.year < b.year) AS previous,
    b.kind, unnest(CASE WHEN b.options IS NULL THEN [NULL::VARCHAR] ELSE from_json(b.options, '["VARCHAR"]') END) AS option,
    b.explanation, false AS valid_only, 'codebook' AS origin
  FROM codebook_breaks b
)
SELECT row_number() OVER (ORDER BY question, year, origin, kind, option NULLS FIRST, explanation)::INTEGER AS id,
  question, year, previous AS previous_year, kind, option,
  explanation || CASE WHEN valid_only THEN ' Only don''t-know / not-applicable answers changed: a base of valid answers stays comparable.' ELSE '' END AS explanation,
  origin, kind = 'alias' AS comparable, valid_only,
  CASE WHEN kind = 'routing' AND origin = 'derived' THEN
    (SELECT f.filter_question FROM filters f WHERE f.question = x.question AND f.year = x.year) END AS filter_question
FROM (SELECT * FROM derived UNION ALL SELECT * FROM hand) x
ORDER BY id`;

/** Derives the breaks the data shows and stores them with the codebook's in `question_breaks`. */
export async function writeQuestionBreaks(
  conn: DuckDBConnection,
  routing: RoutingBreak[],
): Promise<void> {
  await conn.run(`CREATE TEMP TABLE routing_breaks (question VARCHAR, year INTEGER, text VARCHAR)`);
  await appendRows(
    conn,
    "routing_breaks",
    routing.map((b) => [b.question, b.year, b.text]),
  );
  // why: a break's text names a survey as it is known ("1H 2020"), from survey_sources' period
  await conn.run(`CREATE TEMP MACRO survey_name(y) AS
    coalesce((SELECT any_value(period) FROM survey_sources WHERE year = y), CAST(y AS VARCHAR))`);
  await conn.run(QUESTION_BREAKS_SQL);
  await conn.run(`DROP TABLE routing_breaks`);
  await conn.run(`DROP MACRO survey_name`);
}
