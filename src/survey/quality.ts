/**
 * Response-quality checks on the respondent-level exports (issue 16, item 5): straight-lining in
 * matrices, breadth of multi-select answers, list-position effects, item non-response and
 * break-off, and completion speed — per year, per part of the sample (2022: community and paid
 * panel) and, where asked, per region. Counting is SQL over the harmonised tables (`answers`,
 * `respondents`, `survey_columns`, `survey_cells`, `codebook_questions`); only the rank
 * correlation is computed here. Every row carries the n it is a share of. These are descriptions
 * of how people answered, not evidence of bad faith.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { GROUP_ORDER, GROUPS_CTE, groupParams, type QualityScope } from "./quality-groups.ts";
import { spearman } from "./quality-stats.ts";

/** A matrix must have at least this many rows answered for "same level everywhere" to mean much. */
export const MIN_MATRIX_ROWS = 3;
/** Ticking at least this share of the options listed counts as ticking (nearly) everything. */
export const WIDE_SHARE = 0.8;
/** A list needs this many options for a rank correlation with position to be worth printing. */
export const MIN_LIST_OPTIONS = 4;
/** Faster than this fraction of the year's median completion time counts as a speeder. */
export const SPEEDER_FRACTION = 1 / 3;

/** Runs a grouped query and returns its rows in year, sample part, region order (then `then`). */
const groupedRows = (conn: DuckDBConnection, scope: QualityScope, sql: string, then?: string) =>
  queryRows(
    conn,
    `SELECT * FROM (${sql}) ORDER BY ${GROUP_ORDER}${then ? `, ${then}` : ""}`,
    groupParams(scope),
  );

const share = (count: number, n: number) => (n > 0 ? count / n : null);
const num = (v: unknown) => Number(v);

export interface StraightLiningRow {
  year: number;
  sample: string;
  region: string;
  question: string;
  /** Respondents who answered at least MIN_MATRIX_ROWS rows of this matrix. */
  n: number;
  mean_rows: number;
  /** Of those, how many gave one and the same level to every row they answered. */
  straight: number;
  share: number | null;
  /** The level straight-liners gave most often, and how many gave it. */
  top_level: string | null;
  top_level_count: number;
}

/** Check 1: straight-lining in matrix questions. */
export async function straightLining(
  conn: DuckDBConnection,
  scope: QualityScope = {},
): Promise<StraightLiningRow[]> {
  const rows = await groupedRows(
    conn,
    scope,
    `WITH ${GROUPS_CTE},
per_respondent AS (
  SELECT a.source, a.respondent, a.question, count(DISTINCT a.option) AS rows_answered,
    count(DISTINCT a.value) AS levels, min(a.value) AS level
  FROM answers a JOIN codebook_questions q ON q.id = a.question AND q.type = 'matrix'
  -- why: an "Other" box of a matrix has no level; it is not a row of the grid
  WHERE a.value IS NOT NULL
  GROUP BY ALL HAVING count(DISTINCT a.option) >= ${MIN_MATRIX_ROWS}
),
joined AS (
  SELECT g.year, g.sample, g.region, p.question, p.rows_answered, p.levels = 1 AS straight, p.level
  FROM per_respondent p JOIN groups g USING (source, respondent)
),
levels AS (
  SELECT year, sample, region, question, level, count(*) AS c FROM joined WHERE straight GROUP BY ALL
),
top AS (
  SELECT year, sample, region, question, arg_max(level, c) AS top_level, max(c) AS top_level_count
  FROM levels GROUP BY ALL
)
SELECT j.year, j.sample, j.region, j.question, count(*) AS n, avg(j.rows_answered) AS mean_rows,
  count(*) FILTER (WHERE j.straight) AS straight, any_value(t.top_level) AS top_level,
  coalesce(any_value(t.top_level_count), 0) AS top_level_count
FROM joined j LEFT JOIN top t USING (year, sample, region, question)
GROUP BY ALL`,
    "question",
  );
  return rows.map((r) => ({
    year: num(r.year),
    sample: String(r.sample),
    region: String(r.region),
    question: String(r.question),
    n: num(r.n),
    mean_rows: num(r.mean_rows),
    straight: num(r.straight),
    share: share(num(r.straight), num(r.n)),
    top_level: (r.top_level as string | null) ?? null,
    top_level_count: num(r.top_level_count),
  }));
}

/**
 * The options each year's export lists for a question: its distinct option columns (the "Other"
 * box included — ticking it is an answer). `survey_columns` is the export as printed.
 */
const LISTED = `
listed AS (
  SELECT year, question_id AS question, count(DISTINCT option_id) AS listed FROM survey_columns
  WHERE question_id IS NOT NULL AND option_id IS NOT NULL GROUP BY ALL
)`;

export interface BreadthRow {
  year: number;
  sample: string;
  region: string;
  question: string;
  /** Options the export lists for the question that year. */
  listed: number;
  /** Respondents who ticked at least one option. */
  n: number;
  mean_ticked: number;
  /** Of those, how many ticked at least WIDE_SHARE of the options listed. */
  wide: number;
  share_wide: number | null;
}

/** Check 2: how many options of a multi-select list respondents tick. */
export async function multiSelectBreadth(
  conn: DuckDBConnection,
  scope: QualityScope = {},
): Promise<BreadthRow[]> {
  const rows = await groupedRows(
    conn,
    scope,
    `WITH ${GROUPS_CTE}, ${LISTED},
ticked AS (
  SELECT a.source, a.respondent, a.year, a.question, count(DISTINCT a.option) AS ticked
  FROM answers a JOIN codebook_questions q ON q.id = a.question AND q.type = 'multi' GROUP BY ALL
)
SELECT g.year, g.sample, g.region, t.question, l.listed, count(*) AS n, avg(t.ticked) AS mean_ticked,
  count(*) FILTER (WHERE t.ticked >= ${WIDE_SHARE} * l.listed) AS wide
FROM ticked t JOIN groups g USING (source, respondent)
JOIN listed l ON l.year = t.year AND l.question = t.question
-- why: a one-option "list" (a lone typed box) has no breadth to measure
WHERE l.listed >= 2
GROUP BY ALL`,
    "question",
  );
  return rows.map((r) => ({
    year: num(r.year),
    sample: String(r.sample),
    region: String(r.region),
    question: String(r.question),
    listed: num(r.listed),
    n: num(r.n),
    mean_ticked: num(r.mean_ticked),
    wide: num(r.wide),
    share_wide: share(num(r.wide), num(r.n)),
  }));
}

/** One option of a list: where the export printed it, and how many of those answering ticked it. */
export interface ListOption {
  year: number;
  sample: string;
  question: string;
  option: string;
  position: number;
  count: number;
  /** Respondents in the sample part who ticked at least one option of the question. */
  n: number;
}

/**
 * Every listed option of every multi-select list (the typed "Other" box left out: it is always
 * last and always rare, which would fake a position effect), with its count per sample part,
 * options nobody ticked included.
 */
export async function listOptions(
  conn: DuckDBConnection,
  scope: QualityScope = {},
): Promise<ListOption[]> {
  const rows = await queryRows(
    conn,
    `WITH ${GROUPS_CTE},
positions AS (
  SELECT c.year, c.question_id AS question, c.option_id AS opt, min(c.position) AS position
  FROM survey_columns c JOIN codebook_questions q ON q.id = c.question_id AND q.type = 'multi'
  WHERE c.option_id IS NOT NULL AND c.kind = 'option' AND NOT c.free_text GROUP BY ALL
),
ticks AS (
  SELECT DISTINCT g.year, g.sample, a.respondent, a.question, a.option AS opt
  FROM answers a JOIN groups g USING (source, respondent)
  JOIN codebook_questions q ON q.id = a.question AND q.type = 'multi'
),
bases AS (SELECT year, sample, question, count(DISTINCT respondent) AS n FROM ticks GROUP BY ALL),
counts AS (SELECT year, sample, question, opt, count(*) AS c FROM ticks GROUP BY ALL)
SELECT b.year, b.sample, b.question, p.opt, p.position, coalesce(c.c, 0) AS count, b.n
FROM bases b JOIN positions p USING (year, question)
LEFT JOIN counts c USING (year, sample, question, opt)
ORDER BY year, sample, question, position`,
    // why: a list's options are too few to split by region
    groupParams({ ...scope, byRegion: false }),
  );
  return rows.map((r) => ({
    year: num(r.year),
    sample: String(r.sample),
    question: String(r.question),
    option: String(r.opt),
    position: num(r.position),
    count: num(r.count),
    n: num(r.n),
  }));
}

export interface PositionRow {
  year: number;
  sample: string;
  question: string;
  /** Options in the list (the typed Other box left out). */
  options: number;
  /** Respondents who answered the list. */
  n: number;
  /**
   * Spearman's rho between an option's position in the export and its share: negative = options
   * printed earlier are ticked more (primacy). Null for lists under MIN_LIST_OPTIONS.
   */
  rho: number | null;
  /** Share of the first listed option and of the last, for a reader to see the slope. */
  first_share: number | null;
  last_share: number | null;
}

const key = (...parts: unknown[]) => parts.join("\u0000");

/** Groups list options by year, sample part and question, keeping their export order. */
export function groupLists(options: ListOption[]): ListOption[][] {
  const lists = new Map<string, ListOption[]>();
  for (const o of options) {
    const k = key(o.year, o.sample, o.question);
    lists.set(k, [...(lists.get(k) ?? []), o]);
  }
  return [...lists.values()].map((l) => [...l].sort((a, b) => a.position - b.position));
}

/** Check 3: list position against share, per multi-select list and sample part. */
export async function listPosition(
  conn: DuckDBConnection,
  scope: QualityScope = {},
): Promise<PositionRow[]> {
  return groupLists(await listOptions(conn, scope)).map((list) => {
    const first = list[0]!;
    const last = list[list.length - 1]!;
    return {
      year: first.year,
      sample: first.sample,
      question: first.question,
      options: list.length,
      n: first.n,
      rho:
        list.length >= MIN_LIST_OPTIONS
          ? spearman(
              list.map((o) => o.position),
              list.map((o) => o.count / o.n),
            )
          : null,
      first_share: share(first.count, first.n),
      last_share: share(last.count, last.n),
    };
  });
}

export interface NonResponseRow {
  year: number;
  sample: string;
  region: string;
  question: string;
  /** Where the question starts in the export (its first column). */
  position: number;
  /** Respondents who answered this question or one printed after it. */
  reached: number;
  answered: number;
  share_answered: number | null;
  /** Of those who reached it, how many answered nothing after it (null for the last question). */
  stopped: number | null;
  share_stopped: number | null;
}

/**
 * Check 4: item non-response and break-off. A question is reached by a respondent who answered
 * it or any question printed after it; not answering a reached question is item non-response —
 * which includes being routed past it, as nothing in the exports tells a skip from a route.
 */
export async function nonResponse(
  conn: DuckDBConnection,
  scope: QualityScope = {},
): Promise<NonResponseRow[]> {
  const rows = await groupedRows(
    conn,
    scope,
    `WITH ${GROUPS_CTE},
question_order AS (
  SELECT year, question_id AS question, min(position) AS position FROM survey_columns
  -- why: a question asked only as typed text (2018's release cycles) has no closed answer to count
  WHERE question_id IS NOT NULL AND NOT free_text GROUP BY ALL
),
answered AS (
  SELECT DISTINCT a.source, a.respondent, a.question, o.position
  FROM answers a JOIN question_order o ON o.year = a.year AND o.question = a.question
),
last_answer AS (SELECT source, respondent, max(position) AS last FROM answered GROUP BY ALL),
year_last AS (SELECT year, max(position) AS final FROM question_order GROUP BY ALL)
SELECT g.year, g.sample, g.region, o.question, o.position, count(*) AS reached,
  count(a.respondent) AS answered, count(*) FILTER (WHERE l.last = o.position) AS stopped,
  any_value(o.position = y.final) AS is_last
FROM groups g JOIN last_answer l USING (source, respondent)
JOIN question_order o ON o.year = g.year AND o.position <= l.last
JOIN year_last y ON y.year = g.year
LEFT JOIN answered a ON a.source = g.source AND a.respondent = g.respondent AND a.question = o.question
GROUP BY ALL`,
    "position",
  );
  return rows.map((r) => {
    const reached = num(r.reached);
    const stopped = r.is_last ? null : num(r.stopped);
    return {
      year: num(r.year),
      sample: String(r.sample),
      region: String(r.region),
      question: String(r.question),
      position: num(r.position),
      reached,
      answered: num(r.answered),
      share_answered: share(num(r.answered), reached),
      stopped,
      share_stopped: stopped === null ? null : share(stopped, reached),
    };
  });
}

export interface SpeedRow {
  year: number;
  sample: string;
  region: string;
  /** Respondents with both a start and an end time. */
  n: number;
  median_minutes: number;
  /** A third of the whole year's median: the same line for every part, so parts compare. */
  threshold_minutes: number;
  speeders: number;
  share_speeders: number | null;
}

/** The export's response-metadata columns holding start and end times (2022's SurveyMonkey). */
const START = "Start Date";
const END = "End Date";

/**
 * Check 5: completion time, where an export has start and end times (only 2022's does; the
 * years without them are simply absent from the rows — `speedYears` says which have them).
 */
export async function speed(conn: DuckDBConnection, scope: QualityScope = {}): Promise<SpeedRow[]> {
  const rows = await groupedRows(
    conn,
    scope,
    `WITH ${GROUPS_CTE},
times AS (
  SELECT c.source, c.respondent,
    max(strptime(c.value, '%m/%d/%Y %H:%M')) FILTER (WHERE k.question = '${START}') AS started,
    max(strptime(c.value, '%m/%d/%Y %H:%M')) FILTER (WHERE k.question = '${END}') AS ended
  FROM survey_cells c JOIN survey_columns k ON k.source = c.source AND k.position = c.position
  WHERE k.question_id IS NULL AND k.question IN ('${START}', '${END}')
  GROUP BY ALL
),
minutes AS (
  SELECT g.*, date_diff('minute', t.started, t.ended) AS minutes
  FROM groups g JOIN times t USING (source, respondent)
  WHERE t.started IS NOT NULL AND t.ended IS NOT NULL
),
thresholds AS (
  SELECT year, median(minutes) * ${SPEEDER_FRACTION} AS threshold FROM minutes WHERE sample = 'all'
  GROUP BY ALL
)
SELECT m.year, m.sample, m.region, count(*) AS n, median(m.minutes) AS median_minutes,
  any_value(t.threshold) AS threshold_minutes,
  count(*) FILTER (WHERE m.minutes < t.threshold) AS speeders
FROM minutes m JOIN thresholds t USING (year)
GROUP BY ALL`,
  );
  return rows.map((r) => ({
    year: num(r.year),
    sample: String(r.sample),
    region: String(r.region),
    n: num(r.n),
    median_minutes: num(r.median_minutes),
    threshold_minutes: num(r.threshold_minutes),
    speeders: num(r.speeders),
    share_speeders: share(num(r.speeders), num(r.n)),
  }));
}

/** Which respondent-level years' exports carry start and end times. */
export async function speedYears(
  conn: DuckDBConnection,
): Promise<{ year: number; times: boolean }[]> {
  const rows = await queryRows(
    conn,
    `SELECT s.year, count(c.position) = 2 AS times FROM survey_sources s
     LEFT JOIN survey_columns c ON c.source = s.source AND c.question_id IS NULL
       AND c.question IN ('${START}', '${END}')
     GROUP BY ALL ORDER BY year`,
  );
  return rows.map((r) => ({ year: num(r.year), times: Boolean(r.times) }));
}
