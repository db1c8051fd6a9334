import { quotedString, type DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { panelNote, PUBLISHED_NOTE, type Note, type Sample } from "./breaks.ts";
import { round, shareRow } from "./compute-row.ts";
import type { FigureDefinition, FigureResult, FigureRow } from "./figure.ts";
import { marginalRows } from "./marginal-rows.ts";
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

/** Breaks of the figure's questions, per year (codebook `years.<year>.breaks`). */
const breaksSql = (questions: string[]) => `
SELECT year, kind, explanation FROM codebook_breaks
WHERE question IN (${questions.map(quotedString).join(", ") || "NULL"})
ORDER BY year, question, kind, explanation`;

/** Years whose sample mixes a paid panel in, with the panel's share of the screened sample. */
const PANEL_SQL = `
SELECT year, avg(panel::INTEGER) AS share FROM respondents
WHERE panel IS NOT NULL AND excluded IS NULL
GROUP BY year ORDER BY year`;

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
  const breaks = new Map<number, Note[]>();
  for (const b of await queryRows(conn, breaksSql(figure.questions)))
    breaks.set(Number(b.year), [
      ...(breaks.get(Number(b.year)) ?? []),
      { kind: b.kind as Note["kind"], text: String(b.explanation) },
    ]);
  const panelShare = new Map(
    (await queryRows(conn, PANEL_SQL)).map((r) => [Number(r.year), Number(r.share)]),
  );
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
      const panel = panelShare.get(year);
      row.sample = sample;
      row.notes = [
        ...(breaks.get(year) ?? []),
        ...(panel === undefined ? [] : [panelNote(sample, panel)]),
      ];
      return row;
    });
  const computed = await counted(figure.sql, "all");
  if (split && panelShare.size > 0)
    for (const sample of ["community", "panel"] as const)
      computed.push(...(await counted(sampleSql(figure.sql, sample === "panel"), sample)));
  const marginal = figure.marginal ? await marginalRows(conn, figure.marginal) : [];
  for (const row of marginal) row.notes.unshift(...(breaks.get(row.year) ?? []));
  // Stable: within a year, rows keep their query's order; the split samples follow "all".
  const rows = [...published, ...computed, ...marginal].sort(
    (a, b) => a.year - b.year || order(a.sample) - order(b.sample),
  );
  return { id: figure.id, title: figure.title, universe: figure.universe, rows };
}

const order = (s: Sample) => ["all", "community", "panel"].indexOf(s);
