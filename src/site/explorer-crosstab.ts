/**
 * `kube-census crosstab` in the browser: the same request checks, the same counts computed with
 * arquero over the explorer's answers file instead of DuckDB, and the same pure assembly. Every
 * step names the part of src/survey/crosstab.ts's SQL it stands for.
 */
import { crosstabYears, filterReason, type YearCheck } from "../survey/crosstab-years.ts";
import * as aq from "arquero";
import { assembleCrosstab, type CrosstabCount } from "../survey/crosstab-assembly.ts";
import type { CrosstabFilter, CrosstabResult, CrosstabUniverse } from "../survey/crosstab.ts";
import {
  decodeQuestion,
  decodeRespondents,
  FLAG_K8S_USER,
  type ExplorerMeta,
  type ExplorerQuestion,
} from "./explorer-format.ts";

const op = aq.op;
type ColumnTable = aq.ColumnTable;

/** A request as the page's controls (or the CLI's arguments) give it, not yet checked. */
export interface ExplorerRequest {
  question: string;
  /** A question id or "year". */
  by: string;
  /** One year; absent: every year that has all of it. */
  year?: string;
  universe?: string;
  /** `question=option`, or `question=option=level` for a matrix, as `--where`. */
  where?: string[];
}

/** A request the data cannot answer, with why (as the CLI says it). */
export class ExplorerError extends Error {}

/** The decoded answers file, with its tables built once per question as they are needed. */
export class ExplorerData {
  readonly questions: Map<string, ExplorerQuestion>;
  readonly people: ColumnTable;
  private readonly yearOf: Int32Array;
  private readonly tables = new Map<string, ColumnTable>();

  constructor(
    readonly meta: ExplorerMeta,
    private readonly bytes: Uint8Array,
  ) {
    this.questions = new Map(meta.questions.map((q) => [q.id, q]));
    const { year, flags } = decodeRespondents(bytes, meta);
    this.yearOf = Int32Array.from(year, (c) => meta.years[c]!);
    this.people = aq.table({
      r: Int32Array.from(this.yearOf, (_, i) => i),
      year: this.yearOf,
      k8s: Array.from(flags, (f) => (f & FLAG_K8S_USER) !== 0),
    });
  }

  /** One question's answer rows: respondent, year, option code, level code (-1: none). */
  answers(id: string): ColumnTable {
    let t = this.tables.get(id);
    if (!t) {
      const { r, o, l } = decodeQuestion(this.bytes, this.questions.get(id)!);
      t = aq.table({ r, year: Int32Array.from(r, (x) => this.yearOf[x]!), o, l });
      this.tables.set(id, t);
    }
    return t;
  }
}

const optionLabels = (q: ExplorerQuestion) => [...q.options, ...q.other_options];
const levelLabels = (q: ExplorerQuestion) => [...q.levels, ...q.other_levels];

/** A label as the codebook spells it; case-insensitive, as in the CLI. */
function label(valid: string[], name: string, what: string): string {
  const found =
    valid.find((v) => v === name) ?? valid.find((v) => v.toLowerCase() === name.toLowerCase());
  if (found === undefined) throw new ExplorerError(`unknown ${what}: ${name}`);
  return found;
}

function question(data: ExplorerData, id: string, role: string): ExplorerQuestion {
  const q = data.questions.get(id);
  if (!q) throw new ExplorerError(`unknown question${role}: ${id}`);
  return q;
}

function filter(data: ExplorerData, text: string): CrosstabFilter {
  const [name = "", option, ...rest] = text.split("=");
  if (option === undefined)
    throw new ExplorerError(
      `invalid filter: ${text} (use question=option, or question=option=level for a matrix)`,
    );
  const q = question(data, name, " in a filter");
  const chosen = label(q.options, option, `option of ${q.id} in a filter`);
  if (q.type !== "matrix") {
    if (rest.length)
      throw new ExplorerError(`invalid filter: ${text} (${q.id} is not a matrix: no level)`);
    return { question: q.id, option: chosen, level: null };
  }
  if (!rest.length)
    throw new ExplorerError(
      `filter ${text}: ${q.id} is a matrix; name a level: ${q.levels.join(", ")}`,
    );
  return {
    question: q.id,
    option: chosen,
    level: label(q.levels, rest.join("="), `level of ${q.id}`),
  };
}

/** A filter's rows: who chose the option (at the level, for a matrix). */
function matching(data: ExplorerData, f: CrosstabFilter): ColumnTable {
  const q = data.questions.get(f.question)!;
  return data
    .answers(f.question)
    .params({
      o: optionLabels(q).indexOf(f.option),
      l: f.level === null ? -1 : levelLabels(q).indexOf(f.level),
    })
    .filter((d: any, $: any) => d.o === $.o && ($.l < 0 || d.l === $.l));
}

const yearsIn = (t: ColumnTable): number[] =>
  [...new Set(t.array("year") as Int32Array)].sort((a, b) => a - b);

/** The years with answers to the question, the banner and every filter (crosstab-years.ts decides). */
function resolveYears(
  data: ExplorerData,
  q: ExplorerQuestion,
  by: ExplorerQuestion | "year",
  filters: CrosstabFilter[],
  year: string | undefined,
): number[] {
  const checks: YearCheck[] = [
    [yearsIn(data.answers(q.id)), `no respondent-level answers to ${q.id}`],
  ];
  if (by !== "year")
    checks.push([yearsIn(data.answers(by.id)), `no respondent-level answers to ${by.id}`]);
  for (const f of filters) checks.push([yearsIn(matching(data, f)), filterReason(f)]);
  const outcome = crosstabYears([...q.asked, ...(by === "year" ? [] : by.asked)], checks, year);
  if ("years" in outcome) return outcome.years;
  if (outcome.error === "none")
    throw new ExplorerError(`no survey year has all of this: ${outcome.reasons.join("; ")}`);
  const { why, valid: years } = outcome;
  throw new ExplorerError(
    `no year ${year} for this cross-tab${why ? ` (${why} in ${year})` : ""}. ` +
      (years.length ? `Valid years: ${years.join(", ")}` : "No year has all of it."),
  );
}

/** The years a request can use, or why none: for the page's year control. */
export function availableYears(data: ExplorerData, request: ExplorerRequest): number[] {
  const { spec } = check(data, { ...request, year: undefined });
  return spec.years;
}

interface Spec {
  question: ExplorerQuestion;
  by: ExplorerQuestion | "year";
  years: number[];
  universe: CrosstabUniverse;
  filters: CrosstabFilter[];
}

/** As crosstab-spec.ts: every id, option, level and year checked once; the same refusals. */
function check(data: ExplorerData, request: ExplorerRequest): { spec: Spec } {
  const universe = (request.universe ?? "respondents") as CrosstabUniverse;
  if (!Object.hasOwn(data.meta.universes, universe))
    throw new ExplorerError(`unknown universe: ${universe}`);
  const q = question(data, request.question, "");
  const by = request.by === "year" ? "year" : question(data, request.by, " in the banner");
  if (by !== "year" && by.type !== "single")
    throw new ExplorerError(
      `--by ${by.id} is a ${by.type === "multi" ? "multi-select" : "matrix"} question: one respondent can be in ` +
        `several of its columns, so the columns overlap and the z-test's independence assumption fails. ` +
        `Use a single-choice question or year.`,
    );
  const filters = (request.where ?? []).map((w) => filter(data, w));
  const years = resolveYears(data, q, by, filters, request.year);
  return { spec: { question: q, by, years, universe, filters } };
}

/** The raw per-column counts, exactly the rows crosstab.ts's counts query returns. */
function counts(data: ExplorerData, spec: Spec): CrosstabCount[] {
  const { question: q, by, years } = spec;
  const byYear = by === "year";
  // universe + kept: the universe's respondents of the years who match every filter
  let kept = data.people
    .params({ years, all: spec.universe === "respondents" })
    .filter((d: any, $: any) => op.includes($.years, d.year) && ($.all || d.k8s))
    .select("r", "year");
  for (const f of spec.filters) kept = kept.semijoin(matching(data, f), "r");
  // answered: the base is who answered the row question at all, its "Other" box included
  const answered = data.answers(q.id).select("r").dedupe();
  // banner_cols, banner: a banner option nobody in the sample chose that year is no column
  const bannerCols = byYear
    ? aq.table({ year: years, col: years })
    : data
        .answers(by.id)
        .params({ years })
        .filter((d: any, $: any) => op.includes($.years, d.year))
        .select("year", { o: "col" })
        .dedupe();
  const base = (
    byYear
      ? kept.derive({ col: (d: any) => d.year })
      : kept.join(data.answers(by.id).select("r", { o: "col" }), "r")
  ).semijoin(answered, "r");
  // col_n: every banner column of every year, with its base
  const colN = bannerCols
    .join_left(base.groupby("year", "col").count({ as: "n" }), [
      ["year", "col"],
      ["year", "col"],
    ])
    .impute({ n: () => 0 });
  // row_keys: every codebook option the year offered, times the levels answered that year
  const keys = { year: [] as number[], o: [] as number[], l: [] as number[] };
  for (const y of years)
    for (const o of q.offered[y] ?? [])
      for (const l of q.levels_by_year[y] ?? [-1]) {
        keys.year.push(y);
        keys.o.push(o);
        keys.l.push(l);
      }
  // hits: respondents of each column choosing each option (at each level)
  const hits = base
    .join(data.answers(q.id).select("r", "o", "l"), "r")
    .groupby("year", "col", "o", "l")
    .count({ as: "count" });
  const rows = colN
    .join(aq.table(keys), [["year"], ["year"]])
    .join_left(hits, [
      ["year", "col", "o", "l"],
      ["year", "col", "o", "l"],
    ])
    .impute({ count: () => 0 });
  const options = optionLabels(q);
  const levels = levelLabels(q);
  const banner = by === "year" ? [] : optionLabels(by);
  return rows.objects().map((r: any) => ({
    year: r.year,
    column: byYear ? String(r.col) : banner[r.col]!,
    option: options[r.o]!,
    level: r.l < 0 ? null : levels[r.l]!,
    n: r.n,
    count: r.count,
  }));
}

/** One cross-tab, as `kube-census crosstab … --format json` prints it. */
export function explorerCrosstab(data: ExplorerData, request: ExplorerRequest): CrosstabResult {
  const { spec } = check(data, request);
  const { question: q, by, years } = spec;
  if (by !== "year") {
    const overlaps = years.filter((y) => by.overlaps[y]);
    if (overlaps.length)
      throw new ExplorerError(
        `${by.id} cannot be the banner in ${overlaps.map((y) => `${y} (${by.overlaps[y]} respondents gave more than one answer)`).join(", ")}: ` +
          `its columns overlap, and the column tests assume each respondent is in one column. Choose another year.`,
      );
  }
  const raw = counts(data, spec);
  const byYear = by === "year";
  // why: a banner option nobody of the universe chose (after the filters) is no column at all
  const present = new Set(raw.filter((c) => c.n > 0).map((c) => c.column));
  const columns = byYear ? years.map(String) : by.options.filter((o) => present.has(o));
  const table = assembleCrosstab(
    raw.filter((c) => byYear || present.has(c.column)),
    {
      columns,
      options: q.options,
      levels: q.type === "matrix" ? q.levels : undefined,
      byYear,
    },
  );
  return {
    question: { id: q.id, label: q.label, type: q.type },
    by: byYear ? { id: "year", label: "Survey year" } : { id: by.id, label: by.label },
    universe: { id: spec.universe, description: data.meta.universes[spec.universe]! },
    filters: spec.filters,
    years,
    // TODO(explorer port): sample, valid base, breaks and --comparable as the CLI computes them
    sample: "all",
    base: { id: "answered", description: "" },
    comparable: false,
    disclosure: "",
    breaks: [],
    method: data.meta.method,
    ...table,
  };
}
