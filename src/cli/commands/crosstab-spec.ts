import {
  crosstabYears,
  filterYearsNeed,
  type YearCheck,
  type YearsOutcome,
} from "../../survey/crosstab-years.ts";
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  CROSSTAB_SAMPLES,
  type CrosstabFilter,
  type CrosstabSample,
  type CrosstabSpec,
  type CrosstabUniverse,
} from "../../survey/crosstab.ts";
import { ADJUSTMENTS, type Adjustment } from "../../survey/significance.ts";
import {
  answerYears,
  loadNets,
  loadQuestions,
  matrixLevels,
  type CodebookQuestion,
} from "../../survey/crosstab-codebook.ts";
import { echoed } from "../../errors.ts";
import { question, unknown, usage } from "./crosstab-names.ts";
import { offeredMembers, resolveNets } from "./crosstab-nets.ts";
import { parseWhere } from "./crosstab-where.ts";
import { weightArgs } from "./weight-args.ts";
import {
  bannerRefusal,
  panelSampleYears,
  type CrosstabRequestOptions,
} from "../../survey/crosstab-request.ts";
import { CROSSTAB_UNIVERSE_NAMES } from "../../survey/value-lists.ts";
import { commandUsage } from "../commands.ts";
import { nearest } from "../../nearest.ts";

/** The command line as parsed, before any of it is checked. */
export interface CrosstabArgs extends CrosstabRequestOptions {
  question?: string;
  by?: string;
  /** `--year`, repeatable: the cross-tab over these years only. */
  year?: string[];
  /** Output only: each tested pair's difference and interval (a block in the table; the CSV's lines). */
  diffs?: boolean;
  /** Output only: the ordinal summaries (mean, median, net score) under the table. */
  summary?: boolean;
  /** `--weight <year|file>`, `--weight-by q1,q2`, `--trim floor,cap` (weight-args.ts). */
  weight?: string;
  weightBy?: string;
  trim?: string;
}

/** The usage, from the command table, so its value lists are the ones the parser checks. */
const usageText = () => `\n${commandUsage("crosstab").trimEnd()}`;

/** Years whose sample has a paid-panel part (respondents.panel set). */
const PANEL_YEARS_SQL = `SELECT DISTINCT year FROM respondents WHERE panel ORDER BY year`;

/**
 * The years the cross-tab can use: those with respondent-level answers to the row question, the
 * banner question and every filter's option; each `--year` must be one of them. An error says why
 * a year the codebook knows is out (2021, for one, has only published one-question summaries).
 */
async function resolveYears(
  conn: DuckDBConnection,
  rowQuestion: CodebookQuestion,
  by: CodebookQuestion | "year" | "sample",
  filters: CrosstabFilter[],
  chosen: string[] | undefined,
): Promise<number[]> {
  const checks: YearCheck[] = [
    [await answerYears(conn, rowQuestion.id), `no respondent-level answers to ${rowQuestion.id}`],
  ];
  if (typeof by === "object")
    checks.push([await answerYears(conn, by.id), `no respondent-level answers to ${by.id}`]);
  if (by === "sample") checks.push([await panelYears(conn), "no paid panel in the sample"]);
  for (const f of filters) {
    const check = await filterYears(conn, f);
    if (check) checks.push(check);
  }
  const known = [...rowQuestion.asked, ...(typeof by === "object" ? by.asked : [])];
  const years = new Set<number>();
  for (const year of chosen?.length ? chosen : [undefined]) {
    const outcome = crosstabYears(known, checks, year);
    if (!("years" in outcome)) yearError(outcome, year);
    for (const y of outcome.years) years.add(y);
  }
  return [...years].sort((a, b) => a - b);
}

/** The years a filter can hold in, and why another cannot (crosstab-years.ts decides which). */
async function filterYears(
  conn: DuckDBConnection,
  f: CrosstabFilter,
): Promise<YearCheck | undefined> {
  const need = filterYearsNeed(f);
  if (!need) return undefined;
  if (need.need === "panel") return [await panelYears(conn), need.reason];
  if (need.need === "answered") return [await answerYears(conn, f.question), need.reason];
  if (!f.options && !f.levels)
    return [await answerYears(conn, f.question, f.option, f.level), need.reason];
  const years = new Set<number>();
  for (const option of f.options ?? [f.option])
    for (const level of f.levels ?? [f.level])
      for (const y of await answerYears(conn, f.question, option, level)) years.add(y);
  return [[...years].sort((a, b) => a - b), need.reason];
}

function yearError(outcome: Exclude<YearsOutcome, { years: number[] }>, year?: string): never {
  if (outcome.error === "none")
    throw usage(`no survey year has all of this: ${outcome.reasons.join("; ")}`);
  const { why } = outcome;
  const valid = outcome.valid.map(String);
  throw usage(
    `no year ${echoed(String(year))} for this cross-tab${why ? ` (${why} in ${year})` : ""}. ` +
      (valid.length
        ? `Did you mean ${nearest(String(year), valid, 1)[0]}? Valid years: ${valid.join(", ")}`
        : "No year has all of it."),
  );
}

async function panelYears(conn: DuckDBConnection): Promise<number[]> {
  return (await conn.runAndReadAll(PANEL_YEARS_SQL)).getRowObjectsJS().map((r) => Number(r.year));
}

/**
 * Checks the command line against the codebook and the data, once, and turns it into a strict
 * spec: every id, option, level and year known. Errors name the valid values and the nearest.
 */
export async function crosstabSpec(
  conn: DuckDBConnection,
  args: CrosstabArgs,
): Promise<CrosstabSpec> {
  if (!args.question) throw usage(`which question?\n${usageText()}`);
  if (!args.by) throw usage(`--by is required: a single-choice question or year\n${usageText()}`);
  // why: the parser checks these lists already; this guards callers that skip it (tests, the site)
  const universe = (args.universe ?? "respondents") as CrosstabUniverse;
  if (!CROSSTAB_UNIVERSE_NAMES.includes(universe))
    throw unknown("--universe", universe, [...CROSSTAB_UNIVERSE_NAMES]);
  const questions = await loadQuestions(conn);
  const rowQuestion = question(questions, args.question, "");
  const sample = (args.sample ?? "all") as CrosstabSample;
  if (!CROSSTAB_SAMPLES.includes(sample)) throw unknown("--sample", sample, [...CROSSTAB_SAMPLES]);
  const adjustment = (args.adjust ?? "bonferroni") as Adjustment;
  const weight = await weightArgs(args, usage);
  if (!ADJUSTMENTS.includes(adjustment)) throw unknown("--adjust", adjustment, [...ADJUSTMENTS]);
  const by =
    args.by === "year" || args.by === "sample" ? args.by : question(questions, args.by, " in --by");
  const refusal = bannerRefusal(by, sample);
  if (refusal) throw usage(refusal);
  const standard = await loadNets(conn);
  let nets = await resolveNets(
    args.net ?? [],
    args.nets ?? false,
    questions,
    standard,
    rowQuestion,
    by,
  );
  const filters: CrosstabFilter[] = [];
  for (const w of args.where ?? []) filters.push(await parseWhere(w, questions, standard, nets));
  // why: a net on a question that is neither the row, the banner nor a filter would be ignored
  const used = new Set([
    rowQuestion.id,
    ...(typeof by === "object" ? [by.id] : []),
    ...filters.map((f) => f.question),
  ]);
  for (const n of nets)
    if (!used.has(n.question))
      throw usage(
        `--net "${n.name}" is on ${n.question}, which this cross-tab does not use: put it in --by or --where, or prefix the row question's id.`,
      );
  let years = await resolveYears(conn, rowQuestion, by, filters, args.year);
  if (sample === "panel") {
    const kept = panelSampleYears(years, await panelYears(conn), Boolean(args.year?.length));
    if ("refusal" in kept) throw usage(kept.refusal);
    years = kept.years;
  }
  return {
    question: rowQuestion,
    by,
    years,
    universe,
    filters,
    levels: rowQuestion.type === "matrix" ? await matrixLevels(rowQuestion.id) : undefined,
    sample,
    valid: args.valid ?? false,
    comparable: args.comparable ?? false,
    adjustment,
    ...(nets.length && { nets: await offeredMembers(conn, nets, years) }),
    ...(weight && { weight }),
  };
}
