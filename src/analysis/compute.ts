import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import type { FigureDefinition, FigureResult, FigureRow } from "./figure.ts";
import { wilson } from "./wilson.ts";

const round = (x: number) => Math.round(x * 10000) / 10000;

/** Adds the share and its 95% Wilson interval to a counted row. */
export function shareRow(
  year: number,
  segment: string,
  category: string,
  n: number,
  count: number,
): FigureRow {
  const ci = wilson(count, n);
  return {
    year,
    segment,
    category,
    n,
    count,
    share: round(count / n),
    ci_low: round(ci.low),
    ci_high: round(ci.high),
    source: "computed",
  };
}

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

export async function computeFigure(
  conn: DuckDBConnection,
  figure: FigureDefinition,
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
      };
    },
  );
  const computed = (await queryRows(conn, figure.sql)).map((r) =>
    shareRow(Number(r.year), String(r.segment), String(r.category), Number(r.n), Number(r.count)),
  );
  return {
    id: figure.id,
    title: figure.title,
    universe: figure.universe,
    rows: [...published, ...computed],
  };
}
