/**
 * The cross-tab's weights: each year of a cross-tab (with the sample as banner, each of its two
 * parts, as `weights --sample parts` does) raked on its own to one set of target margins, over
 * the year's whole published sample (or its `--sample` part) — before the universe and the
 * `--where` filters, which then pick who is counted with the weights they were given. What cannot
 * be weighted is refused with exit status 2, saying what to give instead.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { CensusError } from "../errors.ts";
import { answerYears } from "./crosstab-codebook.ts";
import type { CrosstabSpec } from "./crosstab-result.ts";
import {
  targetText,
  WEIGHTED_NOTES,
  type CrosstabWeight,
  type CrosstabWeighting,
} from "./crosstab-weighting.ts";
import type { CrosstabSample } from "./value-lists.ts";
import { targetMargins, weightSample } from "./weights-targets.ts";

/** Every respondent's weight, per year, as the counts query binds them. */
export interface CrosstabWeights {
  weighting: CrosstabWeighting;
  /** Per respondent: year, the sample part weighted, respondent id, weight. */
  samples: CrosstabSample[];
  years: number[];
  respondents: number[];
  weights: number[];
}

const refuse = (message: string) => new CensusError(`--weight: ${message}`, 2);

const RESPONDENT_YEARS_SQL = `
SELECT DISTINCT year FROM respondents WHERE excluded IS NULL ORDER BY year`;
const SUMMARY_YEARS_SQL = `SELECT DISTINCT year FROM published_marginals ORDER BY year`;
const TYPE_SQL = `SELECT type FROM codebook_questions WHERE id = $question`;

/** Checks what the weighting needs before any raking: a target with respondents, variables every year has. */
async function checkWeighting(
  conn: DuckDBConnection,
  weight: CrosstabWeight,
  years: readonly number[],
): Promise<void> {
  if (!weight.by.length)
    throw refuse("name the weighting variables with --weight-by (e.g. org_size,region).");
  const respondentYears = (await queryRows(conn, RESPONDENT_YEARS_SQL)).map((r) => Number(r.year));
  if ("year" in weight.target && !respondentYears.includes(weight.target.year)) {
    const year = weight.target.year;
    const summaries = (await queryRows(conn, SUMMARY_YEARS_SQL)).map((r) => Number(r.year));
    throw refuse(
      `${year} has ${summaries.includes(year) ? "only published one-question summaries" : "no survey"}, ` +
        `no respondents whose mix could be a target: give a year with respondent-level answers ` +
        `(${respondentYears.join(", ")}) or a targets file (question: {cell: share}).`,
    );
  }
  const target = "year" in weight.target ? [weight.target.year] : [];
  for (const variable of weight.by) {
    const type = (await queryRows(conn, TYPE_SQL, { question: variable }))[0]?.type;
    if (type !== "single")
      throw refuse(
        type === undefined
          ? `--weight-by ${variable}: no such question (see \`kube-census questions\`).`
          : `--weight-by ${variable} is a ${String(type)} question; weighting variables must be single-choice (e.g. org_size, region).`,
      );
    const asked = await answerYears(conn, variable);
    const missing = [...new Set([...years, ...target])].filter((y) => !asked.includes(y));
    if (missing.length)
      throw refuse(
        `--weight-by ${variable}: ${missing.join(", ")} has no answers to ${variable} ` +
          `(answered in ${asked.join(", ") || "no year"}): leave ${missing.length > 1 ? "those years" : "that year"} out with --year, or weight by other questions.`,
      );
  }
}

/**
 * Rakes each year (each part, with the sample as banner) of the cross-tab to the spec's targets
 * and returns every respondent's weight with the summary the result reports.
 */
export async function crosstabWeights(
  conn: DuckDBConnection,
  spec: CrosstabSpec,
): Promise<CrosstabWeights> {
  const parts: CrosstabSample[] =
    spec.by === "sample" ? ["community", "panel"] : [spec.sample ?? "all"];
  return weightYears(conn, spec.weight!, spec.years, parts);
}

/**
 * Rakes each of the years (each of their `parts`: the whole sample, or a panel year's community
 * and panel parts) on its own to the weighting's targets; what cannot be weighted is refused.
 */
export async function weightYears(
  conn: DuckDBConnection,
  weight: CrosstabWeight,
  years: readonly number[],
  parts: readonly CrosstabSample[],
): Promise<CrosstabWeights> {
  await checkWeighting(conn, weight, years);
  const margins = await targetMargins(conn, weight.target, weight.by);
  const out: CrosstabWeights = {
    weighting: {
      target: targetText(weight.target),
      target_year: "year" in weight.target ? weight.target.year : null,
      by: [...weight.by],
      trim: weight.options?.trim ?? null,
      margins,
      parts: [],
      notes: WEIGHTED_NOTES,
    },
    samples: [],
    years: [],
    respondents: [],
    weights: [],
  };
  for (const year of years)
    for (const sample of parts) {
      const w = await weightSample(
        conn,
        { year, sample, by: weight.by, target: weight.target, options: weight.options },
        margins,
      );
      let [min, max] = [Infinity, -Infinity];
      for (const [respondent, value] of w.weights) {
        out.samples.push(sample);
        out.years.push(year);
        out.respondents.push(respondent);
        out.weights.push(value);
        [min, max] = [Math.min(min, value), Math.max(max, value)];
      }
      const r = w.result;
      out.weighting.parts.push({
        year,
        sample,
        n: r.n,
        unknown: r.unknown,
        passes: r.iterations,
        converged: r.converged,
        max_deviation: r.maxDeviation,
        tolerance: r.tolerance,
        trimmed: r.trimmed,
        weight_min: min,
        weight_max: max,
        n_eff: r.nEff,
        design_effect: r.designEffect,
      });
    }
  return out;
}
