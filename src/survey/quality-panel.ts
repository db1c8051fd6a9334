/**
 * Check 6 of `kube-census quality`: for every question of a year with a paid panel (2022), do
 * the panel's answers differ from the community's? Counts come from SQL over `answers` and
 * `respondents.panel`; the tests are computed here:
 * - single choice: Pearson's χ² on the option counts (panel vs community), Cramér's V;
 * - multi-select: a pooled two-proportion z-test per option, Bonferroni-corrected over the
 *   options, and Spearman's rho between an option's position in the export and the panel's share
 *   minus the community's (negative: the panel over-picks what is printed early);
 * - matrix: a χ² on the level counts per row, Bonferroni-corrected over the rows; the largest
 *   row's Cramér's V, and Spearman's rho between a row's position and its V (negative: the
 *   panel differs most on the rows printed first).
 * A question is flagged when some test is significant after correction and the largest
 * difference in share is at least FLAG_DIFFERENCE.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import type { QualityScope } from "./quality-groups.ts";
import { pooledZ, twoSidedP } from "./significance.ts";
import { chiSquareTest, spearman } from "./quality-stats.ts";
import { MIN_LIST_OPTIONS } from "./quality-position.ts";

export const PANEL_ALPHA = 0.05;
/** A difference in share (panel − community) this large, and significant, flags a question. */
export const FLAG_DIFFERENCE = 0.1;

/** One cell of the panel/community comparison. */
export interface PanelCount {
  year: number;
  question: string;
  type: "single" | "multi" | "matrix";
  /** The option (single, multi) or the matrix row. */
  option: string;
  /** The matrix level; null for single and multi. */
  level: string | null;
  position: number | null;
  community: number;
  panel: number;
  /** Respondents of each part who answered the question (the matrix row, for matrices). */
  n_community: number;
  n_panel: number;
}

/** Counts per question, option (and level) and part, with each part's base. */
export async function panelCounts(
  conn: DuckDBConnection,
  scope: QualityScope = {},
): Promise<PanelCount[]> {
  const rows = await queryRows(
    conn,
    `WITH panel_years AS (SELECT DISTINCT year FROM respondents WHERE panel),
ans AS (
  SELECT a.year, a.respondent, a.question, q.type, a.option AS opt,
    CASE WHEN q.type = 'matrix' THEN a.value END AS level,
    CASE WHEN r.panel THEN 'panel' ELSE 'community' END AS part
  FROM answers a JOIN respondents r USING (source, respondent)
  JOIN codebook_questions q ON q.id = a.question
  WHERE a.year IN (SELECT year FROM panel_years) AND ($year = 0 OR a.year = $year)
    -- why: a matrix's typed box has no level to compare
    AND NOT (q.type = 'matrix' AND a.value IS NULL)
),
-- the base of a single or multi question is who answered it; of a matrix row, who answered that row
bases AS (
  SELECT year, question, CASE WHEN type = 'matrix' THEN opt END AS row_key, part,
    count(DISTINCT respondent) AS n
  FROM ans GROUP BY ALL
),
counts AS (
  SELECT year, question, type, opt, level, count(DISTINCT respondent) FILTER (WHERE part = 'community') AS community,
    count(DISTINCT respondent) FILTER (WHERE part = 'panel') AS panel
  FROM ans GROUP BY ALL
),
positions AS (
  SELECT year, question_id AS question, option_id AS opt, min(position) AS position FROM survey_columns
  WHERE option_id IS NOT NULL GROUP BY ALL
)
SELECT c.year, c.question, c.type, c.opt, c.level, p.position, c.community, c.panel,
  coalesce(bc.n, 0) AS n_community, coalesce(bp.n, 0) AS n_panel
FROM counts c
LEFT JOIN bases bc ON bc.year = c.year AND bc.question = c.question AND bc.part = 'community'
  AND bc.row_key IS NOT DISTINCT FROM (CASE WHEN c.type = 'matrix' THEN c.opt END)
LEFT JOIN bases bp ON bp.year = c.year AND bp.question = c.question AND bp.part = 'panel'
  AND bp.row_key IS NOT DISTINCT FROM (CASE WHEN c.type = 'matrix' THEN c.opt END)
LEFT JOIN positions p ON p.year = c.year AND p.question = c.question AND p.opt = c.opt
ORDER BY c.year, c.question, p.position NULLS LAST, c.opt, c.level`,
    { year: scope.year ?? 0 },
  );
  return rows.map((r) => ({
    year: Number(r.year),
    question: String(r.question),
    type: r.type as PanelCount["type"],
    option: String(r.opt),
    level: (r.level as string | null) ?? null,
    position: r.position === null ? null : Number(r.position),
    community: Number(r.community),
    panel: Number(r.panel),
    n_community: Number(r.n_community),
    n_panel: Number(r.n_panel),
  }));
}

export interface PanelDifference {
  year: number;
  question: string;
  type: string;
  n_community: number;
  n_panel: number;
  /** What was tested: "chi-square", "z per option", "chi-square per row". */
  test: string;
  /** How many tests (the Bonferroni divisor) and how many were significant after correction. */
  tests: number;
  significant: number;
  /** The smallest p-value of the question's tests (uncorrected). */
  p_min: number;
  /** Cramér's V (single), the largest row's (matrix); null for multi-select. */
  cramers_v: number | null;
  /** The largest |panel share − community share| and where: option (row: level for matrices). */
  max_difference: number;
  panel_minus_community: number;
  at: string;
  /**
   * Spearman's rho of position against the difference: for multi-select the panel's share minus
   * the community's, for a matrix each row's Cramér's V; null for single choice and for fewer
   * than MIN_LIST_OPTIONS options or rows.
   */
  rho_position_difference: number | null;
  flagged: boolean;
}

const shareOf = (count: number, n: number) => (n > 0 ? count / n : 0);

/** Largest absolute panel − community difference among cells, with where it is. */
function largest(cells: PanelCount[]) {
  let best = { diff: 0, at: "" };
  for (const c of cells) {
    const diff = shareOf(c.panel, c.n_panel) - shareOf(c.community, c.n_community);
    if (Math.abs(diff) > Math.abs(best.diff) || best.at === "")
      best = { diff, at: c.level === null ? c.option : `${c.option}: ${c.level}` };
  }
  return best;
}

/** Tests one question's cells (all of one year and question). */
export function compareQuestion(cells: PanelCount[], alpha = PANEL_ALPHA): PanelDifference {
  const first = cells[0]!;
  const big = largest(cells);
  let tests = 0;
  let significant = 0;
  let pMin = 1;
  let cramersV: number | null = null;
  let rho: number | null = null;
  let test: string;
  let nCommunity = first.n_community;
  let nPanel = first.n_panel;
  if (first.type === "multi") {
    test = "z per option";
    const ps = cells.map((c) =>
      twoSidedP(
        pooledZ({ count: c.panel, n: c.n_panel }, { count: c.community, n: c.n_community }),
      ),
    );
    tests = ps.length;
    significant = ps.filter((p) => p < alpha / tests).length;
    pMin = Math.min(1, ...ps);
    const placed = cells.filter((c) => c.position !== null);
    rho =
      placed.length >= MIN_LIST_OPTIONS
        ? spearman(
            placed.map((c) => c.position!),
            placed.map((c) => shareOf(c.panel, c.n_panel) - shareOf(c.community, c.n_community)),
          )
        : null;
  } else {
    // Single: one table; matrix: one table per row, the rows' tests corrected together.
    const tables = new Map<string, PanelCount[]>();
    for (const c of cells) {
      const k = first.type === "matrix" ? c.option : "";
      tables.set(k, [...(tables.get(k) ?? []), c]);
    }
    test = first.type === "matrix" ? "chi-square per row" : "chi-square";
    const results = [...tables.values()].map((t) =>
      chiSquareTest([t.map((c) => c.community), t.map((c) => c.panel)]),
    );
    tests = results.length;
    significant = results.filter((r) => r.df > 0 && r.p < alpha / tests).length;
    pMin = Math.min(1, ...results.map((r) => r.p));
    cramersV = Math.max(0, ...results.map((r) => r.cramersV));
    if (first.type === "matrix") {
      nCommunity = Math.max(...cells.map((c) => c.n_community));
      nPanel = Math.max(...cells.map((c) => c.n_panel));
      const rows = [...tables.values()]
        .map((t, i) => ({ position: t[0]!.position, v: results[i]!.cramersV }))
        .filter((r) => r.position !== null);
      rho =
        rows.length >= MIN_LIST_OPTIONS
          ? spearman(
              rows.map((r) => r.position!),
              rows.map((r) => r.v),
            )
          : null;
    }
  }
  return {
    year: first.year,
    question: first.question,
    type: first.type,
    n_community: nCommunity,
    n_panel: nPanel,
    test,
    tests,
    significant,
    p_min: pMin,
    cramers_v: cramersV,
    max_difference: Math.abs(big.diff),
    panel_minus_community: big.diff,
    at: big.at,
    rho_position_difference: rho,
    flagged: significant > 0 && Math.abs(big.diff) >= FLAG_DIFFERENCE,
  };
}

/** Check 6: every question of every year with a panel, panel against community. */
export async function panelDifferences(
  conn: DuckDBConnection,
  scope: QualityScope = {},
  alpha = PANEL_ALPHA,
): Promise<PanelDifference[]> {
  const byQuestion = new Map<string, PanelCount[]>();
  for (const c of await panelCounts(conn, scope)) {
    const k = `${c.year} ${c.question}`;
    byQuestion.set(k, [...(byQuestion.get(k) ?? []), c]);
  }
  return [...byQuestion.values()].map((cells) => compareQuestion(cells, alpha));
}
