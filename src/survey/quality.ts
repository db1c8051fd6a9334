/**
 * The response-quality checks of `kube-census quality` (issue 16, item 5), by name, each with what
 * it measures, in the order they print: one table, so the CLI's option, the help and the JSON
 * describe the same checks. Each check is its own module (`quality-<check>.ts`), counting in SQL
 * over the harmonised tables per year, sample part (2022: community and paid panel) and, where
 * asked, region; every row carries the n it is a share of. They describe how people answered;
 * they are not evidence of bad faith.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { CensusError } from "../errors.ts";
import { queryRows } from "../db/open.ts";
import { multiSelectBreadth, WIDE_SHARE } from "./quality-breadth.ts";
import { nonResponse } from "./quality-nonresponse.ts";
import { listPosition } from "./quality-position.ts";
import { speed, speedYears } from "./quality-speed.ts";
import { MIN_MATRIX_ROWS, straightLining } from "./quality-straight-lining.ts";
import type { QualityScope } from "./quality-groups.ts";
import type { QualityCheckName } from "./value-lists.ts";
import { marginalQuality } from "./quality-marginals.ts";
import { surveyYears as allSurveyYears } from "./survey-years.ts";
import { FLAG_DIFFERENCE, PANEL_ALPHA, panelDifferences } from "./quality-panel.ts";

export interface QualityCheck {
  description: string;
  /** Whether `--by region` splits its rows (position and panel tests stay per sample part). */
  byRegion: boolean;
  run(conn: DuckDBConnection, scope: QualityScope): Promise<object[]>;
}

export const QUALITY_CHECKS: Record<QualityCheckName, QualityCheck> = {
  "straight-lining": {
    description:
      `Matrix questions: of the respondents who answered at least ${MIN_MATRIX_ROWS} rows, the share ` +
      `giving one and the same level to every row (top_level: the level most straight-liners gave). ` +
      `High where the matrix is a checklist (2018's, container_stages) or a "don't know" is offered.`,
    byRegion: true,
    run: straightLining,
  },
  breadth: {
    description:
      `Multi-select questions: mean options ticked by those who ticked any, and the share ticking at ` +
      `least ${WIDE_SHARE * 100}% of the options the export lists (its "Other" box included).`,
    byRegion: true,
    run: multiSelectBreadth,
  },
  position: {
    description:
      `Multi-select lists: Spearman's rho between an option's position in the export and its share ` +
      `(the typed "Other" box left out). Negative: options printed earlier are ticked more.`,
    byRegion: false,
    run: listPosition,
  },
  nonresponse: {
    description:
      `Per question in export order: of those who reached it (answered it or a later question), ` +
      `the share who answered it, and the share whose last answer it was. Routing is not told ` +
      `apart from skipping: a question asked of a subset shows as non-response.`,
    byRegion: true,
    run: nonResponse,
  },
  speed: {
    description:
      `Completion time (End − Start, whole minutes) where the export has them: median, ` +
      `and speeders = under a third of the year's whole-sample median.`,
    byRegion: true,
    run: speed,
  },
  panel: {
    description:
      `Paid panel against community, per question (each year with a paid panel): χ² on option counts (single), z-test per ` +
      `option (multi), χ² per row (matrix), Bonferroni within the question at α = ${PANEL_ALPHA}; ` +
      `Cramér's V; the largest panel − community difference in share; Spearman's rho of position ` +
      `against that difference (multi) or each row's V (matrix): negative = larger early in the list. ` +
      `Flagged: significant and a difference of at least ${FLAG_DIFFERENCE * 100} points.`,
    byRegion: false,
    run: panelDifferences,
  },
  marginals: {
    description:
      `Summary workbooks of a year without respondent rows (marginals only): per wave, sheet and region, the skipped share and ` +
      `options per answer (sum of counts / answered; 1 for single choice). A region's base is ` +
      `count / share of its largest cell. Straight-lining, list position within a respondent, ` +
      `break-off, speed and any panel split cannot be checked: there are no respondent rows.`,
    byRegion: true,
    run: (conn, scope) => marginalQuality(conn, scope.year),
  },
};

// why: the names are a value list the CLI reads at start without loading every check
export { QUALITY_CHECK_NAMES, type QualityCheckName } from "./value-lists.ts";

/** The survey years in the database, to check `--year` against. */
export async function surveyYears(conn: DuckDBConnection): Promise<number[]> {
  const rows = await queryRows(conn, "SELECT DISTINCT year FROM survey_sources ORDER BY year");
  return rows.map((r) => Number(r.year));
}

/** Parses `--year`: one of the survey years in the database, or a clear error naming them. */
export async function qualityYear(
  conn: DuckDBConnection,
  year: string | undefined,
): Promise<number | undefined> {
  if (year === undefined) return undefined;
  const years = await surveyYears(conn);
  const y = Number(year);
  if (!/^\d{4}$/.test(year) || !years.includes(y))
    throw new CensusError(`quality: no survey year ${year}; the years are ${years.join(", ")}.`, 2);
  return y;
}

/** What the checks say about what cannot be checked, per year: printed under the tables. */
export async function qualityNotes(conn: DuckDBConnection): Promise<string[]> {
  const noTimes = (await speedYears(conn)).filter((y) => !y.times).map((y) => y.year);
  const summaryOnly = (await allSurveyYears(conn)).filter((y) => y.summaryOnly).map((y) => y.label);
  const screened = await queryRows(
    conn,
    `SELECT s.rule, s.removed, r.year FROM screening s JOIN survey_sources r USING (source)
     WHERE s.rule = 'incomplete'`,
  );
  return [
    `No completion times in the exports of ${noTimes.join(", ")}: speed cannot be checked there.`,
    // why: which years have summaries only is the database's to say (src/survey/survey-years.ts)
    ...summaryOnly.map(
      (label) =>
        `${label} has summary workbooks only: no straight-lining, list position, break-off or speed.`,
    ),
    ...screened.map(
      (s) =>
        `${s.year}'s screening removed ${s.removed} incomplete respondents: their break-off is not in the published sample.`,
    ),
    "Descriptive only: none of these numbers shows that anyone answered in bad faith.",
  ];
}
