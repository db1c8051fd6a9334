import { quotedString, type DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { panelNote, PUBLISHED_NOTE, type Note, type Sample } from "./breaks.ts";
import { round, shareRow } from "./compute-row.ts";
import type { FigureDefinition, FigureResult, FigureRow } from "./figure.ts";
import { marginalRows } from "./marginal-rows.ts";
import { heldConstant, type Holds, type StoredBreak } from "./crosstab-breaks.ts";
import { storedBreak } from "./crosstab.ts";
import { panelYears, surveyYears } from "./survey-years.ts";
import { K8S_USERS, K8S_USERS_HOLDS } from "./universes.ts";
import { wilson } from "./wilson.ts";

export { shareRow } from "./compute-row.ts";

/**
 * Rows the book prints for years with no raw data (2017): its shares, with the n it prints
 * beside them or as a separate claim, and an interval only where that n is known.
 */
const PUBLISHED_SQL = `
SELECT s.year, s.segment, s.category, s.value AS share, coalesce(s.n, n.value)::INTEGER AS n
FROM published_claims s
LEFT JOIN published_claims n
  ON n.figure = s.figure AND n.year = s.year AND n.segment = s.segment AND n.category = '*' AND n.measure = 'n'
WHERE s.figure = $figure AND s.measure = 'share' AND s.year < (SELECT min(year) FROM survey_sources)
ORDER BY s.year, s.segment, s.category`;

/** Breaks of the figure's questions (the codebook's and the derived ones; a rename is no break). */
const breaksSql = (questions: string[]) => `
SELECT b.question, b.year, b.previous_year, b.kind, b.option, b.explanation, b.filter_question, b.valid_only
FROM question_breaks b
WHERE b.question IN (${questions.map(quotedString).join(", ") || "NULL"}) AND NOT b.comparable
ORDER BY b.id`;

/**
 * The notes of the breaks that affect one row: every break of a whole question the figure reads
 * (its rows' question, its universe's, its segments'), and a break of one option only on that
 * option's row — a challenge first offered in 2019 does not move the share using NGINX.
 */
export function notesFor(
  breaks: StoredBreak[],
  questions: string[],
  year: number,
  category: string,
  /** What a figure's universe already holds constant (src/survey/universes.ts: K8S_USERS_HOLDS). */
  holds?: Holds,
): Note[] {
  const notes = new Map<string, Note>();
  for (const b of breaks)
    if (
      b.year === year &&
      questions.includes(b.question) &&
      (b.option === null || b.option === category) &&
      !heldConstant(b, holds)
    )
      notes.set(b.explanation, { kind: b.kind as Note["kind"], text: b.explanation });
  return [...notes.values()];
}

/**
 * The figure's own SQL over one part of a panel year's sample: `answers` is shadowed by a CTE
 * holding only that part, so the figure is computed by exactly the same query.
 */
const sampleSql = (sql: string, panel: boolean) => `
WITH answers AS (
  SELECT a.* FROM main.answers a
  SEMI JOIN respondents r ON r.source = a.source AND r.respondent = a.respondent AND r.panel = ${panel}
)
SELECT * FROM (${sql}) WHERE year IN (SELECT year FROM respondents WHERE panel IS NOT NULL)`;

export interface ComputeOptions {
  /** Also compute panel years split into their panel and community parts. */
  split?: boolean;
}

/** Computes a figure for every year its questions were asked, each row with n, interval and notes. */
export async function computeFigure(
  conn: DuckDBConnection,
  figure: FigureDefinition,
  { split = false }: ComputeOptions = {},
): Promise<FigureResult> {
  const published = (await queryRows(conn, PUBLISHED_SQL, { figure: figure.id })).map(
    (r): FigureRow => {
      const n = r.n === null ? null : Number(r.n);
      const share = Number(r.share);
      const ci = n ? wilson(share * n, n) : null;
      return {
        year: Number(r.year),
        segment: String(r.segment),
        category: String(r.category),
        n,
        answered: null,
        count: n ? Math.round(share * n) : null,
        share,
        ci_low: ci ? round(ci.low) : null,
        ci_high: ci ? round(ci.high) : null,
        source: "published",
        sample: "all",
        notes: [PUBLISHED_NOTE],
      };
    },
  );
  const breaks = (await queryRows(conn, breaksSql(figure.questions))).map(storedBreak);
  // why: a figure over Kubernetes users counts only people who passed the "do you use Kubernetes /
  // containers" filters, so lists routed by those were asked of all of them
  const holds = figure.sql.includes(K8S_USERS) ? K8S_USERS_HOLDS : undefined;
  // Years whose sample mixes a paid panel in, with the panel's share of the screened sample.
  const panels = panelYears(await surveyYears(conn));
  const panelShare = new Map(panels.map((p) => [p.year, p.panelShare]));
  const earlierPanels = (year: number) =>
    panels.filter((p) => p.year < year).map((p) => ({ label: p.label, share: p.panelShare }));
  const counted = async (sql: string, sample: Sample) =>
    (await queryRows(conn, sql)).map((r): FigureRow => {
      const year = Number(r.year);
      const row = shareRow(
        year,
        String(r.segment),
        String(r.category),
        Number(r.n),
        Number(r.count),
      );
      if (r.answered !== undefined && r.answered !== null) row.answered = Number(r.answered);
      const panel = panelShare.get(year);
      row.sample = sample;
      row.notes = [
        ...notesFor(breaks, figure.questions, year, row.category, holds),
        ...(panel === undefined ? [] : [panelNote(sample, panel, earlierPanels(year))]),
      ];
      return row;
    });
  const computed = await counted(figure.sql, "all");
  if (split && panelShare.size > 0)
    for (const sample of ["community", "panel"] as const)
      computed.push(...(await counted(sampleSql(figure.sql, sample === "panel"), sample)));
  // why: a 2021 summary row comes from one question: only that question's breaks are its notes
  const marginal = figure.marginal
    ? await marginalRows(conn, figure.marginal, (question, row) =>
        notesFor(breaks, [question], row.year, row.category, holds),
      )
    : [];
  // Stable: within a year, rows keep their query's order; the split samples follow "all".
  const rows = [...published, ...computed, ...marginal].sort(
    (a, b) => a.year - b.year || order(a.sample) - order(b.sample),
  );
  return { id: figure.id, title: figure.title, universe: figure.universe, rows };
}

const order = (s: Sample) => ["all", "community", "panel"].indexOf(s);
