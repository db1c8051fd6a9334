// Every table and view of the census database, in one place: the loaders create them from here,
// and `kube-census export` describes their columns (src/export/export-schema.ts).

/** What the ingest itself records: the sources read, their issues, each run. */
export const META_SCHEMA = `
CREATE TABLE ingest_issues (source VARCHAR, file VARCHAR, "row" VARCHAR, "column" VARCHAR, value VARCHAR, reason VARCHAR);
CREATE TABLE sources (id VARCHAR PRIMARY KEY, kind VARCHAR, year INTEGER, snapshot DATE, file VARCHAR, url VARCHAR,
  "commit" VARCHAR, sha256 VARCHAR, bytes BIGINT, license VARCHAR, loaded BOOLEAN, note VARCHAR);
CREATE TABLE ingest_runs (finished_at TIMESTAMP DEFAULT current_timestamp, seconds DOUBLE, issues INTEGER);
`;

/**
 * The survey tables. `answers` is the harmonised long form every analysis reads: the rows of
 * `answers_all` whose respondents are in each survey's published sample, so no figure can count
 * a screened-out respondent by forgetting a filter. It is filled once the surveys have loaded
 * (FILL_ANSWERS); it was a view until issue 19 (see there why).
 */
export const SURVEY_SCHEMA = `
CREATE TABLE survey_sources (source VARCHAR PRIMARY KEY, year INTEGER, period VARCHAR, file VARCHAR,
  respondents INTEGER, columns INTEGER, repaired_rows INTEGER, sample INTEGER,
  -- from data/surveys/<source>.yml: the date CNCF maturities are read at (null: not established)
  reference_date DATE);
CREATE TABLE survey_columns (source VARCHAR, year INTEGER, position INTEGER, question VARCHAR,
  occurrence INTEGER, option VARCHAR, kind VARCHAR, question_id VARCHAR, option_id VARCHAR, free_text BOOLEAN);
CREATE TABLE survey_cells (source VARCHAR, year INTEGER, respondent INTEGER, position INTEGER, value VARCHAR);
CREATE TABLE respondents (source VARCHAR, year INTEGER, respondent INTEGER, sheet_row INTEGER,
  excluded VARCHAR, collector VARCHAR, panel BOOLEAN);
CREATE TABLE screening (source VARCHAR, "order" INTEGER, rule VARCHAR, description VARCHAR, removed INTEGER);
CREATE TABLE survey_offered (source VARCHAR, year INTEGER, question VARCHAR, option VARCHAR, origin VARCHAR);
CREATE TABLE answers_all (source VARCHAR, year INTEGER, respondent INTEGER, question VARCHAR, option VARCHAR, value VARCHAR);
CREATE TABLE answers (source VARCHAR, year INTEGER, respondent INTEGER, question VARCHAR, option VARCHAR, value VARCHAR);
CREATE TABLE free_text (source VARCHAR, year INTEGER, respondent INTEGER, question VARCHAR, position INTEGER, text VARCHAR);
`;

/**
 * `answers` from `answers_all`, after every survey has loaded. A table rather than the view it
 * was: with the 2018 and 2019 exports replicated 50× (bench:scale), DuckDB materialised the
 * view's join whole (11.8 million rows) for a cross-tab that names it nine times, and no
 * question filter reached the scan. Sorted by question, each row group's min/max lets a query
 * that names a question read only that question's rows.
 */
export const FILL_ANSWERS = `
INSERT INTO answers
  SELECT a.* FROM answers_all a
  -- why: screened-out respondents stay in the database, marked, but in no analysis
  SEMI JOIN respondents r ON r.source = a.source AND r.respondent = a.respondent AND r.excluded IS NULL
  ORDER BY a.question, a.year, a.respondent;
-- why: who was asked a question is who reached it, i.e. answered it or a question after it; the
-- furthest question each respondent answered (its first column) makes that one comparison per
-- respondent, where a cross-tab joined every answer to the columns (5.6 million rows at 50×)
CREATE TABLE respondent_reach AS
  SELECT a.year, a.respondent, max(p.at) AS furthest
  FROM answers a
  JOIN (SELECT year, question_id AS question, min(position) AS at FROM survey_columns
        WHERE question_id IS NOT NULL GROUP BY ALL) p ON p.year = a.year AND p.question = a.question
  GROUP BY ALL
  ORDER BY a.year, a.respondent;
`;

/**
 * CNCF's published one-question summaries (2021): a different kind of row from respondent answers,
 * so a table of its own. `answered` is the block's base; `row` the spreadsheet row of the value.
 */
export const MARGINALS_SCHEMA = `
CREATE TABLE published_marginals (source VARCHAR, year INTEGER, wave INTEGER, sheet VARCHAR, question VARCHAR,
  item VARCHAR, option VARCHAR, region VARCHAR, count INTEGER, share DOUBLE, answered INTEGER, skipped INTEGER,
  "row" INTEGER, question_id VARCHAR, option_id VARCHAR, item_id VARCHAR);
`;

/** The codebook beside the data it harmonised, so a query can show what a label means. */
export const CODEBOOK_SCHEMA = `
CREATE TABLE codebook_questions (id VARCHAR PRIMARY KEY, label VARCHAR, type VARCHAR, description VARCHAR);
CREATE TABLE codebook_options (question VARCHAR, option VARCHAR, "order" INTEGER);
CREATE TABLE codebook_aliases (question VARCHAR, alias VARCHAR, option VARCHAR);
CREATE TABLE codebook_years (question VARCHAR, year INTEGER, question_text VARCHAR, occurrence INTEGER);
CREATE TABLE codebook_breaks (question VARCHAR, year INTEGER, kind VARCHAR, explanation VARCHAR,
  -- the options a break affects, as a JSON array; null = every row of the question
  options VARCHAR);
-- standard nets, a row per member: a net groups options (a matrix: levels), counting a respondent once
CREATE TABLE codebook_nets (question VARCHAR, net VARCHAR, "order" INTEGER, member VARCHAR, member_order INTEGER);
-- ordinal scales, a row per year and answer: point = position lowest first (null: off the scale), midpoint = the
-- number a bucket stands for, box = top / bottom of the net score; the scale's texts repeated on each row
CREATE TABLE codebook_scales (question VARCHAR, year INTEGER, scale VARCHAR, option VARCHAR, point INTEGER,
  midpoint DOUBLE, box VARCHAR, unit VARCHAR, open_top VARCHAR, note VARCHAR);
-- weighting cells, a row per option: the cell a weighting question's answer falls in, in every year
CREATE TABLE codebook_weighting_cells (question VARCHAR, cell VARCHAR, "order" INTEGER, option VARCHAR);
`;

/**
 * Routing detected from the answers at the end of the survey ingest (src/ingest/survey/routing.ts):
 * one row per list a year asked only of those who gave some answers to an earlier question.
 */
export const ROUTING_SCHEMA = `
CREATE TABLE question_routing (year INTEGER, question VARCHAR, filter_question VARCHAR,
  asked_options VARCHAR[], skipped_options VARCHAR[], answer_rate_asked DOUBLE, answer_rate_skipped DOUBLE,
  n_asked INTEGER, n_skipped INTEGER, description VARCHAR);
`;

/** The book's chapter-2 tables and the numbers it prints (data/tns-2020, data/published). */
export const BOOK_SCHEMA = `
CREATE OR REPLACE TABLE tns_stack (
  layer VARCHAR NOT NULL, table_row INTEGER NOT NULL,
  kind VARCHAR NOT NULL CHECK (kind IN ('commercial', 'open source')),
  name VARCHAR NOT NULL, vendor VARCHAR, cncf_status_2020 VARCHAR, "where" VARCHAR NOT NULL);
CREATE OR REPLACE TABLE tns_platforms (
  list VARCHAR NOT NULL, name VARCHAR NOT NULL, vendor VARCHAR, "where" VARCHAR NOT NULL, note VARCHAR);
CREATE OR REPLACE TABLE published_claims (
  id VARCHAR PRIMARY KEY, figure VARCHAR NOT NULL, year INTEGER NOT NULL,
  segment VARCHAR NOT NULL, category VARCHAR NOT NULL, measure VARCHAR NOT NULL,
  value DOUBLE NOT NULL, qualifier VARCHAR NOT NULL, printed VARCHAR NOT NULL, n INTEGER,
  "where" VARCHAR NOT NULL, note VARCHAR NOT NULL);
`;

/** One row per landscape item per snapshot. */
export const LANDSCAPE_SCHEMA = `
CREATE TABLE IF NOT EXISTS landscape_items (
  snapshot DATE NOT NULL,
  category VARCHAR NOT NULL,
  subcategory VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  maturity VARCHAR,
  homepage_url VARCHAR,
  repo_url VARCHAR,
  organization VARCHAR,
  crunchbase_url VARCHAR,
  description VARCHAR,
  accepted DATE,
  incubating DATE,
  graduated DATE,
  archived DATE,
  path VARCHAR NOT NULL,
  extra JSON NOT NULL
)`;

/**
 * One row per published respondent with a column per single-choice question of the codebook
 * (its answer): the wide form for spreadsheets and the export.
 */
export function respondentProfileView(singleQuestions: string[]): string {
  const columns = singleQuestions.map(
    (id) => `any_value(a.option) FILTER (WHERE a.question = '${id}') AS ${id}`,
  );
  // Question ids are spliced in: the codebook schema allows only [a-z][a-z0-9_]* there.
  return `
    CREATE VIEW respondent_profile AS
    SELECT r.source, r.year, r.respondent, r.panel, ${columns.join(",\n      ")}
    FROM respondents r LEFT JOIN answers a USING (source, respondent)
    -- why: the published sample only, as every analysis counts it
    WHERE r.excluded IS NULL
    GROUP BY r.source, r.year, r.respondent, r.panel`;
}

/**
 * GitHub facts per landscape item per processed_landscape.yml snapshot (src/ingest/momentum/),
 * and the repository changes found in each item's series. Nothing of the files' Crunchbase or
 * Yahoo Finance blocks has a column here, by licence (see the README's "Project momentum").
 */
export const MOMENTUM_SCHEMA = `
CREATE TABLE IF NOT EXISTS momentum (
  snapshot DATE NOT NULL,
  item_key VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  category VARCHAR NOT NULL,
  subcategory VARCHAR NOT NULL,
  maturity VARCHAR,
  repo_url VARCHAR NOT NULL,
  stars INTEGER,
  contributors INTEGER,
  commits_52w INTEGER,
  first_week DATE,
  first_commit DATE,
  first_commit_sha VARCHAR,
  latest_commit DATE,
  license VARCHAR,
  language VARCHAR,
  path VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS momentum_breaks (
  item_key VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  from_snapshot DATE NOT NULL,
  to_snapshot DATE NOT NULL,
  from_repo VARCHAR NOT NULL,
  to_repo VARCHAR NOT NULL,
  kind VARCHAR NOT NULL CHECK (kind IN ('moved', 'forked', 'replaced')),
  stars_before INTEGER,
  stars_after INTEGER,
  explanation VARCHAR NOT NULL
);
`;
