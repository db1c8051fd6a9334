/**
 * Check 3 of `kube-census quality`: list position (primacy) — does an option's share follow where
 * the export printed it? Spearman's rho per multi-select list and sample part.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { GROUPS_CTE, groupParams, num, share, type QualityScope } from "./quality-groups.ts";
import { spearman } from "./quality-stats.ts";

/** A list needs this many options for a rank correlation with position to be worth printing. */
export const MIN_LIST_OPTIONS = 4;

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

/** Position against share, per multi-select list, year and sample part. */
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
