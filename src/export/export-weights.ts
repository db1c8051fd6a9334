/**
 * `export --weight`: a `weights` table beside the respondent tables, one row per respondent of
 * every year that can be weighted (each year's whole published sample raked on its own to the
 * targets, as `crosstab --weight` does), so a user can reuse the weights in their own tools. The
 * weighting itself — targets, variables, trimming, each year's passes, convergence, weight range,
 * n_eff and design effect — goes into schema.json beside the file.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { CensusError } from "../errors.ts";
import { answerYears } from "../survey/crosstab-codebook.ts";
import { weightYears } from "../survey/crosstab-weights.ts";
import type { CrosstabWeight, CrosstabWeighting } from "../survey/crosstab-weighting.ts";

/** The weights file's columns, described as schema.json describes every column. */
export const WEIGHTS_COLUMNS: Record<string, string> = {
  year: "survey year (1H 2020 is 2020)",
  respondent:
    "respondent number within that year's export (respondents.respondent, answers.respondent)",
  sample:
    "the sample weighted: all (the year's whole published sample, raked on its own to the targets)",
  weight:
    "the respondent's weight: mean 1 over the year's sample; 1 for a respondent who did not answer a weighting question (left out of the fitting)",
};

/** What schema.json says about the weights: the spec, each year's raking, the years left out. */
export interface ExportWeighting extends CrosstabWeighting {
  years_left_out: { year: number; reason: string }[];
}

const RESPONDENT_YEARS_SQL = `
SELECT DISTINCT year FROM respondents WHERE excluded IS NULL ORDER BY year`;

const WEIGHTS_TABLE = `
CREATE OR REPLACE TEMP TABLE export_weights (year INTEGER, respondent INTEGER, sample VARCHAR, weight DOUBLE)`;

/**
 * Rakes every respondent-level year that answered all the weighting variables and leaves the
 * weights in `temp.export_weights` (ordered by year and respondent when written); a year missing
 * a variable is left out and named.
 */
export async function computeExportWeights(
  conn: DuckDBConnection,
  weight: CrosstabWeight,
): Promise<ExportWeighting> {
  const all = (await queryRows(conn, RESPONDENT_YEARS_SQL)).map((r) => Number(r.year));
  const left: ExportWeighting["years_left_out"] = [];
  let years = all;
  for (const variable of weight.by) {
    const asked = await answerYears(conn, variable);
    for (const y of years.filter((y) => !asked.includes(y)))
      left.push({ year: y, reason: `no answers to ${variable}` });
    years = years.filter((y) => asked.includes(y));
  }
  if (!years.length)
    throw new CensusError(
      `export --weight: no survey year answered all of ${weight.by.join(", ")}: weight by other questions.`,
      2,
    );
  const w = await weightYears(conn, weight, years, ["all"]);
  await conn.run(WEIGHTS_TABLE);
  const appender = await conn.createAppender("export_weights", "main", "temp");
  try {
    w.years.forEach((year, i) => {
      appender.appendInteger(year);
      appender.appendInteger(w.respondents[i]!);
      appender.appendVarchar(w.samples[i]!);
      appender.appendDouble(w.weights[i]!);
      appender.endRow();
    });
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return { ...w.weighting, years_left_out: left.sort((a, b) => a.year - b.year) };
}

/** The relation the weights file is written from. */
export const WEIGHTS_RELATION = "(SELECT * FROM temp.export_weights ORDER BY year, respondent)";
