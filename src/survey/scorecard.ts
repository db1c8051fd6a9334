import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { claimChecks, type ClaimDefinition } from "./claim-checks.ts";
import { computeFigure } from "./compute.ts";
import type { FigureResult, FigureRow } from "./figure.ts";
import { figureById } from "./registry.ts";
import { judge, type Status } from "./judge.ts";
import { wilson } from "./wilson.ts";

export { judge, JUDGING_RULE, type Status } from "./judge.ts";

export interface Claim {
  id: string;
  figure: string;
  year: number;
  segment: string;
  category: string;
  measure: string;
  value: number;
  qualifier: string;
  printed: string;
  where: string;
}
export interface Alternative {
  definition: string;
  value: number | null;
}
/**
 * The evidence behind a computed share: how many of how many, and its 95% Wilson interval; all
 * null for a measure that is not a share of respondents (n, rank, count, mean, ratio).
 */
export interface ShareBase {
  count: number | null;
  n: number | null;
  ci_low: number | null;
  ci_high: number | null;
}
export interface ScoredClaim extends Claim, ShareBase {
  computed: number | null;
  status: Status;
  definition: string;
  alternatives: Alternative[];
  /** The query behind a claim checked on its own; null where the figure's card holds the SQL. */
  sql: string | null;
}

const NO_BASE: ShareBase = { count: null, n: null, ci_low: null, ci_high: null };

/** A share's base and interval from its count and n (Wilson, as the figures' rows). */
function shareBase(count: number | null, n: number | null): ShareBase {
  if (count === null || n === null || n <= 0) return NO_BASE;
  const { low, high } = wilson(count, n);
  return { count, n, ci_low: low, ci_high: high };
}

const NOT_OPTIONS = new Set(["Other (please specify)", "None"]);
/**
 * A share's value as judged: its count of its n, not the figure row's share (kept to four
 * decimals for display). Rounding that again to the book's precision rounded twice: FIG 2.3's
 * Ceph, 166 / 1149 = 14.447%, became 14.45% and then 14.5%, "close" to a printed 14.4%.
 */
const exactShare = (row: Pick<FigureRow, "count" | "n" | "share">): number =>
  row.count !== null && row.n !== null && row.n > 0 ? row.count / row.n : row.share;

function fromFigure(
  claim: Claim,
  result: FigureResult,
): { value: number | null; definition: string; base: ShareBase } {
  const rows = result.rows.filter((r) => r.source === "computed" && r.year === claim.year);
  const inSegment = (segment: string) => rows.filter((r) => r.segment === segment);
  const options = (segment: string) =>
    inSegment(segment).filter((r) => !NOT_OPTIONS.has(r.category));
  const row = (segment: string): FigureRow | undefined =>
    inSegment(segment).find((r) => r.category === claim.category);
  const what = `${claim.figure} ${claim.year}, segment "${claim.segment}"`;
  switch (claim.measure) {
    case "n":
      return {
        value: inSegment(claim.segment)[0]?.n ?? null,
        definition: `n of ${what} (${result.universe})`,
        base: NO_BASE,
      };
    case "share":
      if (claim.category === "*") {
        // The lowest option's own row gives the base: its count of its n.
        const lowest = options(claim.segment).sort((a, b) => exactShare(a) - exactShare(b))[0];
        return {
          value: lowest ? exactShare(lowest) : null,
          definition: `lowest share over the options of ${what}`,
          base: lowest ? shareBase(lowest.count, lowest.n) : NO_BASE,
        };
      }
      const found = row(claim.segment);
      return {
        value: found ? exactShare(found) : null,
        definition: `share for "${claim.category}" in ${what} (${result.universe})`,
        base: found ? shareBase(found.count, found.n) : NO_BASE,
      };
    case "rank": {
      const ranked = options(claim.segment).sort((a, b) => exactShare(b) - exactShare(a));
      const at = ranked.findIndex((r) => r.category === claim.category);
      return {
        value: at < 0 ? null : at + 1,
        definition: `rank of "${claim.category}" by share in ${what}, None and Other left out`,
        base: NO_BASE,
      };
    }
    case "count":
      return {
        value: options(claim.segment).length || null,
        definition: `number of options offered in ${what}, None and Other left out`,
        base: NO_BASE,
      };
    case "ratio": {
      const mineRow = row(claim.segment);
      const allRow = row("all");
      const mine = mineRow && exactShare(mineRow);
      const all = allRow && exactShare(allRow);
      return {
        value: mine && all ? mine / all : null,
        definition: `share in "${claim.segment}" divided by share in "all" for "${claim.category}", ${claim.figure} ${claim.year}`,
        base: NO_BASE,
      };
    }
    default:
      return {
        value: null,
        definition: `no computation defined for a ${claim.measure} of ${claim.figure}`,
        base: NO_BASE,
      };
  }
}

const numberOrNull = (x: unknown) => (x === null || x === undefined ? null : Number(x));

async function runCheck(
  conn: DuckDBConnection,
  check: ClaimDefinition,
): Promise<{ value: number | null; count: number | null; n: number | null }> {
  const row = (await queryRows(conn, check.sql))[0];
  return {
    value: numberOrNull(row?.value),
    count: numberOrNull(row?.count),
    n: numberOrNull(row?.n),
  };
}

/** Scores every printed claim against the data. */
export async function scorecard(conn: DuckDBConnection): Promise<ScoredClaim[]> {
  const claims = (await queryRows(
    conn,
    `SELECT id, figure, year, segment, category, measure, value, qualifier, printed, "where" FROM published_claims ORDER BY figure, year, id`,
  )) as unknown as Claim[];
  const firstYear = Number(
    (await queryRows(conn, "SELECT min(year) AS y FROM survey_sources"))[0]!.y,
  );
  const results = new Map<string, FigureResult>();
  const scored: ScoredClaim[] = [];
  for (const claim of claims) {
    const base = { ...claim, year: Number(claim.year), value: Number(claim.value) };
    if (base.year < firstYear) {
      scored.push({
        ...base,
        computed: null,
        status: "no raw data",
        definition: `the ${base.year} survey's raw data was never published`,
        alternatives: [],
        ...NO_BASE,
        sql: null,
      });
      continue;
    }
    const check = claimChecks[claim.id];
    let computed: number | null;
    let definition: string;
    let shareOf: ShareBase = NO_BASE;
    let sql: string | null = null;
    const alternatives: Alternative[] = [];
    if (check) {
      const found = await runCheck(conn, check);
      computed = found.value;
      definition = check.definition;
      sql = check.sql;
      if (base.measure === "share") shareOf = shareBase(found.count, found.n);
      for (const alt of check.alternatives ?? [])
        alternatives.push({ definition: alt.definition, value: (await runCheck(conn, alt)).value });
    } else {
      const figure = figureById.get(claim.figure);
      if (!figure) {
        scored.push({
          ...base,
          computed: null,
          status: "not computed",
          definition: "no computation defined for this claim",
          alternatives: [],
          ...NO_BASE,
          sql: null,
        });
        continue;
      }
      if (!results.has(figure.id)) results.set(figure.id, await computeFigure(conn, figure));
      ({ value: computed, definition, base: shareOf } = fromFigure(base, results.get(figure.id)!));
    }
    const status: Status = computed === null ? "not computed" : judge(base, computed);
    scored.push({ ...base, computed, status, definition, alternatives, ...shareOf, sql });
  }
  return scored;
}
