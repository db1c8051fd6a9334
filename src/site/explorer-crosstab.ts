/**
 * `kube-census crosstab` in the browser: the same request checks, the same counts computed over
 * the explorer's answers file instead of DuckDB (arquero tables for the filters, plain loops over
 * the decoded columns for the counts), and the same pure post-processing (crosstab-result.ts).
 * Every step of the counts names the part of src/survey/crosstab.ts's SQL it stands for.
 */
import { crosstabYears, filterYearsNeed, type YearCheck } from "../survey/crosstab-years.ts";
import * as aq from "arquero";
import { isSubstantive } from "../ingest/codebook/substantive.ts";
import type { CrosstabCount } from "../survey/crosstab-assembly.ts";
import type { StoredBreak } from "../survey/crosstab-breaks.ts";
import { CROSSTAB_SAMPLES, finishCrosstab } from "../survey/crosstab-result.ts";
import type {
  CrosstabFilter,
  CrosstabOverlapCount,
  CrosstabResult,
  CrosstabSample,
  CrosstabSpec,
  CrosstabUniverse,
} from "../survey/crosstab-result.ts";
import type { CrosstabNet } from "../survey/crosstab-nets.ts";
import {
  netsOn,
  readFilter,
  resolveFilter,
  type FilterProblem,
} from "../survey/crosstab-filter-parse.ts";
import {
  bannerRefusal,
  panelSampleYears,
  type CrosstabRequestOptions,
} from "../survey/crosstab-request.ts";
import { ADJUSTMENTS, type Adjustment } from "../survey/significance.ts";
import {
  decodeQuestion,
  decodeRespondents,
  FLAG_COMMUNITY,
  FLAG_K8S_USER,
  FLAG_PANEL,
  storedBreakOf,
  type AnswerColumns,
  type ExplorerMeta,
  type ExplorerQuestion,
  type ExplorerWeighting,
  type WeightingPart,
} from "./explorer-format.ts";
import { explorerNets, ExplorerNetError, withNetRows } from "./explorer-nets.ts";
import { respondentWeights, WeightSum } from "./explorer-weights.ts";

type ColumnTable = aq.ColumnTable;

/** A request as the page's controls (or the CLI's arguments) give it, not yet checked. */
export interface ExplorerRequest extends CrosstabRequestOptions {
  question: string;
  /** A question id, "year" or "sample". */
  by: string;
  /** One year; absent: every year that has all of it. */
  year?: string;
  /** A weighting of the meta file's `weightings`, by id (data/site/weightings.yml). */
  weight?: string;
}

/** A request the data cannot answer, with why (as the CLI says it). */
export class ExplorerError extends Error {}

/** The decoded answers file, with its tables built once per question as they are needed. */
export class ExplorerData {
  readonly questions: Map<string, ExplorerQuestion>;
  readonly people: ColumnTable;
  /** Per respondent number: survey year, FLAG_* bits, reach (crosstab.ts `reached`; 0: none). */
  readonly yearOf: Int32Array;
  readonly flags: Uint8Array;
  readonly reach: Int32Array;
  readonly breaks: StoredBreak[];
  private readonly tables = new Map<string, ColumnTable>();
  private readonly decoded = new Map<string, AnswerColumns>();

  constructor(
    readonly meta: ExplorerMeta,
    private readonly bytes: Uint8Array,
  ) {
    this.questions = new Map(meta.questions.map((q) => [q.id, q]));
    const { year, flags, reach } = decodeRespondents(bytes, meta);
    this.yearOf = Int32Array.from(year, (c) => meta.years[c]!);
    this.flags = flags;
    this.reach = reach;
    this.breaks = meta.breaks.map(storedBreakOf);
    this.people = aq.table({
      r: Int32Array.from(this.yearOf, (_, i) => i),
      year: this.yearOf,
      k8s: Array.from(flags, (f) => (f & FLAG_K8S_USER) !== 0),
    });
  }

  /** One question's answer rows as decoded columns: respondent, option code, level code. */
  columns(id: string): AnswerColumns {
    let c = this.decoded.get(id);
    if (!c) {
      const q = this.questions.get(id);
      if (!q) throw new Error(`explorer data: no question ${id}`);
      c = decodeQuestion(this.bytes, q);
      this.decoded.set(id, c);
    }
    return c;
  }

  /** One question's answer rows: respondent, year, option code, level code (-1: none). */
  answers(id: string): ColumnTable {
    let t = this.tables.get(id);
    if (!t) {
      const { r, o, l } = this.columns(id);
      t = aq.table({ r, year: Int32Array.from(r, (x) => this.yearOf[x]!), o, l });
      this.tables.set(id, t);
    }
    return t;
  }
}

const optionLabels = (q: ExplorerQuestion) => [...q.options, ...q.other_options];
const levelLabels = (q: ExplorerQuestion) => [...q.levels, ...q.other_levels];

function question(data: ExplorerData, id: string, role: string): ExplorerQuestion {
  const q = data.questions.get(id);
  if (!q) throw new ExplorerError(`unknown question${role}: ${id}`);
  return q;
}

/** A filter's problem in the page's words. */
const worded =
  (text: string) =>
  (p: FilterProblem): Error => {
    switch (p.kind) {
      case "syntax":
        return new ExplorerError(
          `invalid filter: ${text} (use question=option, or question=option=level for a matrix; ` +
            `answered:question, panel, and ! before any of them for NOT)`,
        );
      case "not-a-matrix":
        return new ExplorerError(
          `invalid filter: ${text} (${p.question} is not a matrix: no level)`,
        );
      case "no-level":
        return new ExplorerError(
          `filter ${text}: ${p.question} is a matrix; name a level: ${p.levels.join(", ")}`,
        );
      case "unknown":
        return new ExplorerError(
          `unknown ${p.what} of ${p.question}${p.what === "option" ? " in a filter" : ""}: ${p.name}`,
        );
    }
  };

/** A filter as `--where` takes it (crosstab-filter-parse.ts reads it, as for the CLI). */
function filter(data: ExplorerData, text: string, nets: CrosstabNet[]): CrosstabFilter {
  const fail = worded(text);
  const read = readFilter(text, fail);
  if (read.form === "panel") return resolveFilter(read, undefined, [], [], fail);
  const q = question(data, read.question, " in a filter");
  return resolveFilter(read, q, q.levels, netsOn(q.id, q.nets, nets), fail);
}

/**
 * Who a filter's condition holds for, before its NOT: who chose any of its options (at any of
 * its levels, for a matrix), who answered its question at all (`answered:`), or who is in the
 * paid panel (`panel`) — crosstab.ts's `matched`.
 */
function matching(data: ExplorerData, f: CrosstabFilter): ColumnTable {
  const r: number[] = [];
  if (f.kind === "panel") {
    for (let x = 0; x < data.flags.length; x++) if (data.flags[x]! & FLAG_PANEL) r.push(x);
  } else {
    const q = data.questions.get(f.question)!;
    const options = optionLabels(q);
    const levels = levelLabels(q);
    const o = new Set((f.options ?? [f.option]).map((x) => options.indexOf(x)));
    const l = new Set(
      (f.levels ?? (f.level === null ? [] : [f.level])).map((x) => levels.indexOf(x)),
    );
    const any = f.kind === "answered";
    // why: plain loops over the decoded columns; an arquero expression cannot test set membership
    const a = data.columns(f.question);
    for (let i = 0; i < a.r.length; i++)
      if (any || (o.has(a.o[i]!) && (l.size === 0 || l.has(a.l[i]!)))) r.push(a.r[i]!);
  }
  return aq.table({ r: Int32Array.from(r), year: Int32Array.from(r, (x) => data.yearOf[x]!) });
}

/** The banner: a single-choice question, the survey year, or the sample's parts. */
type Banner = ExplorerQuestion | "year" | "sample";

/** Years whose sample has a paid-panel part (respondents.panel set). */
const panelYears = (data: ExplorerData) =>
  data.meta.panels.filter((p) => p.share > 0).map((p) => p.year);

const yearsIn = (t: ColumnTable): number[] =>
  [...new Set(t.array("year") as Int32Array)].sort((a, b) => a - b);

/** The years with answers to the question, the banner and every filter (crosstab-years.ts decides). */
function resolveYears(
  data: ExplorerData,
  q: ExplorerQuestion,
  by: Banner,
  filters: CrosstabFilter[],
  year: string | undefined,
): number[] {
  const checks: YearCheck[] = [
    [yearsIn(data.answers(q.id)), `no respondent-level answers to ${q.id}`],
  ];
  if (typeof by === "object")
    checks.push([yearsIn(data.answers(by.id)), `no respondent-level answers to ${by.id}`]);
  if (by === "sample") checks.push([panelYears(data), "no paid panel in the sample"]);
  for (const f of filters) {
    const need = filterYearsNeed(f);
    if (need)
      checks.push([
        need.need === "panel"
          ? panelYears(data)
          : yearsIn(need.need === "answered" ? data.answers(f.question) : matching(data, f)),
        need.reason,
      ]);
  }
  const known = [...q.asked, ...(typeof by === "object" ? by.asked : [])];
  const outcome = crosstabYears(known, checks, year);
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

/** A checked request: the CLI's spec, with the explorer's questions (their codes and layout). */
interface Spec extends CrosstabSpec {
  question: ExplorerQuestion;
  by: Banner;
  /** The weighting chosen (weights its year; other years count each respondent once). */
  weighting?: ExplorerWeighting;
}

/** The nets of a request, or the explorer's refusal (explorer-nets.ts words it). */
function nets(
  data: ExplorerData,
  request: ExplorerRequest,
  q: ExplorerQuestion,
  by: Banner,
  years: number[],
) {
  try {
    return explorerNets(request.net ?? [], request.nets ?? false, data.questions, q, by, years);
  } catch (e) {
    if (e instanceof ExplorerNetError) throw new ExplorerError(e.message);
    throw e;
  }
}

/** As crosstab-spec.ts: every id, option, level and year checked once; the same refusals. */
function check(data: ExplorerData, request: ExplorerRequest): { spec: Spec } {
  const universe = (request.universe ?? "respondents") as CrosstabUniverse;
  if (!Object.hasOwn(data.meta.universes, universe))
    throw new ExplorerError(`unknown universe: ${universe}`);
  const q = question(data, request.question, "");
  const sample = (request.sample ?? "all") as CrosstabSample;
  if (!CROSSTAB_SAMPLES.includes(sample))
    throw new ExplorerError(`unknown sample: ${sample} (all, community or panel)`);
  const adjustment = (request.adjust ?? "bonferroni") as Adjustment;
  if (!ADJUSTMENTS.includes(adjustment))
    throw new ExplorerError(`unknown adjustment: ${adjustment} (${ADJUSTMENTS.join(", ")})`);
  const by: Banner =
    request.by === "year" || request.by === "sample"
      ? request.by
      : question(data, request.by, " in the banner");
  const refusal = bannerRefusal(by, sample);
  if (refusal) throw new ExplorerError(refusal);
  const typed = nets(data, request, q, by, []);
  const filters = (request.where ?? []).map((w) => filter(data, w, typed));
  let years = resolveYears(data, q, by, filters, request.year);
  if (sample === "panel") {
    const kept = panelSampleYears(years, panelYears(data), Boolean(request.year));
    if ("refusal" in kept) throw new ExplorerError(kept.refusal);
    years = kept.years;
  }
  return {
    spec: {
      question: q,
      by,
      years,
      universe,
      filters,
      levels: q.type === "matrix" ? q.levels : undefined,
      sample,
      valid: request.valid ?? false,
      comparable: request.comparable ?? false,
      adjustment,
      ...(typed.length && { nets: nets(data, request, q, by, years) }),
      ...(request.weight !== undefined && { weighting: weighting(data, request.weight) }),
    },
  };
}

/** A weighting of the meta file by id. */
function weighting(data: ExplorerData, id: string): ExplorerWeighting {
  const all = data.meta.weightings ?? [];
  const found = all.find((w) => w.id === id);
  if (!found)
    throw new ExplorerError(
      `unknown weighting: ${id} (${all.length ? `offered: ${all.map((w) => w.id).join(", ")}` : "none is offered"})`,
    );
  return found;
}

/** A counter per key, of distinct respondents. */
class Tally {
  private readonly seen = new Map<string, Set<number>>();
  add(key: string, r: number) {
    let s = this.seen.get(key);
    if (!s) this.seen.set(key, (s = new Set()));
    s.add(r);
  }
  get(key: string): number | undefined {
    return this.seen.get(key)?.size;
  }
  keys(): IterableIterator<string> {
    return this.seen.keys();
  }
  members(key: string): Iterable<number> {
    return this.seen.get(key) ?? [];
  }
}

/** What a weighted cross-tab says of each column in each year: its base unweighted and weighted. */
export interface WeightedColumn {
  year: number;
  column: string;
  /** Respondents in the base (unweighted). */
  n: number;
  /** Σw of the base. */
  weighted_base: number;
  /** Kish's effective base (Σw)²/Σw². */
  n_eff: number;
  /** n / n_eff. */
  design_effect: number;
}

/** The raw per-column counts, exactly the rows crosstab.ts's counts query returns. */
function counts(
  data: ExplorerData,
  spec: Spec,
): { counts: CrosstabCount[]; overlaps: CrosstabOverlapCount[]; weighted: WeightedColumn[] } {
  const { question: q, by, years } = spec;
  const sample = spec.sample ?? "all";
  const valid = spec.valid ?? false;
  const n = data.meta.respondents;
  const inYears = new Set(years);
  const nets = spec.nets ?? [];
  const rowNets = nets.filter((x) => x.question === q.id);
  // why: a net is one more option (a box: one more level), coded after the question's own
  const options = [
    ...optionLabels(q),
    ...rowNets.filter((x) => x.over === "options").map((x) => x.name),
  ];
  const levels = [
    ...levelLabels(q),
    ...rowNets.filter((x) => x.over === "levels").map((x) => x.name),
  ];
  // weights: 1 for everyone but the weighting's year, whose respondents carry their part's weight
  const w = spec.weighting
    ? respondentWeights(spec.weighting, n, (r): WeightingPart =>
        by === "sample" ? (data.flags[r]! & FLAG_PANEL ? "panel" : "community") : sample,
      )
    : null;
  const weightedYear = spec.weighting?.year;
  // universe + kept: the universe's respondents of the years, in the sample part, who match every filter
  const kept = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const f = data.flags[r]!;
    kept[r] = Number(
      inYears.has(data.yearOf[r]!) &&
        (spec.universe === "respondents" || (f & FLAG_K8S_USER) !== 0) &&
        (sample === "all" || ((f & FLAG_PANEL) !== 0) === (sample === "panel")),
    );
  }
  for (const f of spec.filters) {
    const matched = new Set(matching(data, f).array("r") as Int32Array);
    // why: as crosstab.ts's `passed`: a NOT filter holds for whoever its match does not hold
    const not = f.not ?? false;
    for (let r = 0; r < n; r++) if (kept[r] && matched.has(r) === not) kept[r] = 0;
  }
  // reached: got as far as the question's first position in that year's export
  const reached = (r: number) => {
    const at = q.positions[data.yearOf[r]!];
    return at !== undefined && data.reach[r]! - 1 >= at;
  };
  // routed_away: whose answer to a filter question the routing showed skips this question
  const routed = new Uint8Array(n);
  for (const rule of data.meta.routing) {
    if (rule.question !== q.id) continue;
    const fq = data.questions.get(rule.filter_question);
    if (!fq)
      throw new Error(
        `explorer data: routing of ${q.id} names ${rule.filter_question}, which the file lacks`,
      );
    const skipped = new Set(rule.skipped_options.map((o) => optionLabels(fq).indexOf(o)));
    const a = data.columns(fq.id);
    for (let i = 0; i < a.r.length; i++)
      if (data.yearOf[a.r[i]!] === rule.year && skipped.has(a.o[i]!)) routed[a.r[i]!] = 1;
  }
  // answered: any answer, the "Other" box included; valid: a substantive one (a matrix: per row)
  const raw = data.columns(q.id);
  const answered = new Uint8Array(n);
  const validAny = new Uint8Array(n);
  const validRows: [number, number][] = [];
  for (let i = 0; i < raw.r.length; i++) {
    const [r, o, l] = [raw.r[i]!, raw.o[i]!, raw.l[i]!];
    answered[r] = 1;
    if (valid && isSubstantive(l >= 0 ? levels[l]! : options[o]!)) {
      validAny[r] = 1;
      if (l >= 0) validRows.push([r, o]);
    }
  }
  // answers_n: the row question's answers with its nets' rows
  const rows = withNetRows(raw, rowNets, { options: optionLabels(q), levels: levelLabels(q) });
  // banner_cols, banner: the year; 2022's two parts; or the banner question's answer
  const key = (year: number, col: string) => `${year}\u0000${col}`;
  const bannerCols = new Map<string, [number, string]>();
  // why: a multi-select banner (or a net column) puts one respondent in several columns
  const colOf: (string[] | undefined)[] = new Array(n);
  const join = (r: number, column: string) => (colOf[r] ??= []).push(column);
  if (by === "year") {
    for (const y of years) bannerCols.set(key(y, String(y)), [y, String(y)]);
    for (let r = 0; r < n; r++) colOf[r] = [String(data.yearOf[r])];
  } else if (by === "sample") {
    for (let r = 0; r < n; r++) {
      const f = data.flags[r]!;
      if (!(f & (FLAG_PANEL | FLAG_COMMUNITY))) continue;
      const part = f & FLAG_PANEL ? "panel" : "community";
      colOf[r] = [part];
      const y = data.yearOf[r]!;
      if (inYears.has(y)) bannerCols.set(key(y, part), [y, part]);
    }
  } else {
    const bannerNets = nets.filter((x) => x.question === by.id);
    const banner = [...optionLabels(by), ...bannerNets.map((x) => x.name)];
    const b = withNetRows(data.columns(by.id), bannerNets, {
      options: optionLabels(by),
      levels: levelLabels(by),
    });
    for (let i = 0; i < b.r.length; i++) {
      const [r, y] = [b.r[i]!, data.yearOf[b.r[i]!]!];
      const column = banner[b.o[i]!]!;
      if (!colOf[r]?.includes(column)) join(r, column);
      if (inYears.has(y)) bannerCols.set(key(y, column), [y, column]);
    }
  }
  // people, base, col_n: per column, who was asked, who answered, and the base
  const col = new Map<string, { asked: number; answered: number; n: number; w: WeightSum }>();
  const baseOf: string[][] = Array.from({ length: n }, () => []);
  for (let r = 0; r < n; r++) {
    if (!kept[r] || colOf[r] === undefined) continue;
    for (const column of colOf[r]!) {
      const k = key(data.yearOf[r]!, column);
      let c = col.get(k);
      if (!c) col.set(k, (c = { asked: 0, answered: 0, n: 0, w: new WeightSum() }));
      if ((reached(r) && !routed[r]) || answered[r]) c.asked++;
      if (!answered[r]) continue;
      c.answered++;
      if (valid && !validAny[r]) continue;
      c.n++;
      c.w.add(w ? w[r]! : 1);
      baseOf[r]!.push(k);
    }
  }
  // row_n: with --valid a matrix row's base is who rated that row with a substantive level
  const rowN = new Tally();
  for (const [r, o] of validRows) for (const b of baseOf[r]!) rowN.add(`${b}\u0000${o}`, r);
  // hits: respondents of each column's base choosing each option (at each level)
  const hits = new Tally();
  for (let i = 0; i < rows.r.length; i++)
    for (const b of baseOf[rows.r[i]!]!)
      hits.add(`${b}\u0000${rows.o[i]}\u0000${rows.l[i]}`, rows.r[i]!);
  // row_keys: every codebook option the year offered (and each net with a member offered),
  // times the levels answered that year (and each box with a member answered)
  const optionNets = rowNets.filter((x) => x.over === "options");
  const levelNets = rowNets.filter((x) => x.over === "levels");
  const anyOf = (members: string[], labels: string[], codes: number[]) =>
    members.some((m) => codes.includes(labels.indexOf(m)));
  const rowKeys = (year: number) => {
    const offered = q.offered[year] ?? [];
    const given = q.levels_by_year[year];
    const rowOptions = [
      ...offered,
      ...optionNets.flatMap((x, k) =>
        anyOf(x.members, q.options, offered) ? [optionLabels(q).length + k] : [],
      ),
    ];
    const rowLevels = given
      ? [
          ...given,
          ...levelNets.flatMap((x, k) =>
            anyOf(x.members, levelLabels(q), given) ? [levelLabels(q).length + k] : [],
          ),
        ]
      : [-1];
    return rowOptions.flatMap((o) =>
      rowLevels
        .filter((l) => !valid || isSubstantive(l >= 0 ? levels[l]! : options[o]!))
        .map((l): [number, number] => [o, l]),
    );
  };
  const out: CrosstabCount[] = [];
  const weighted: WeightedColumn[] = [];
  for (const [k, [year, column]] of bannerCols) {
    const c = col.get(k) ?? { asked: 0, answered: 0, n: 0, w: new WeightSum() };
    const weigh = w !== null && year === weightedYear;
    if (weigh)
      weighted.push({
        year,
        column,
        n: c.n,
        weighted_base: c.w.sum,
        n_eff: c.w.nEff,
        design_effect: c.w.nEff > 0 ? c.n / c.w.nEff : Number.NaN,
      });
    for (const [o, l] of rowKeys(year)) {
      const hitKey = `${k}\u0000${o}\u0000${l}`;
      const rowBase = valid && l >= 0;
      const counted = {
        n: rowBase ? (rowN.get(`${k}\u0000${o}`) ?? 0) : c.n,
        count: hits.get(hitKey) ?? 0,
      };
      // why: the CLI's weighted cell (crosstab-assembly.ts): n and count stay the people counted,
      // Σw, Σw², and Σw and Σw² of who chose go beside them and the assembly infers on n_eff. Every count
      // of a weighted view carries them (the assembly refuses a mix): other years weigh 1 each.
      const weights =
        w &&
        weightFields(
          counted,
          weigh && (rowBase ? sumOf(rowN.members(`${k}\u0000${o}`), w) : c.w),
          weigh && sumOf(hits.members(hitKey), w),
        );
      out.push({
        year,
        column,
        option: options[o]!,
        level: l < 0 ? null : levels[l]!,
        ...counted,
        ...weights,
        asked: c.asked,
        answered: c.answered,
      });
    }
  }
  return {
    counts: out,
    overlaps: overlapping(spec, baseOf, validRows, rows, rowKeys, options, levels, w),
    weighted,
  };
}

/**
 * A weighted view's fields beside the people counted: Σw and Σw² of the base and of who chose,
 * from their sums in the weighting's year; elsewhere (false) each respondent weighs 1, so the
 * sums are the counts.
 */
function weightFields(
  counted: { n: number; count: number },
  base: WeightSum | false,
  chose: WeightSum | false,
) {
  return {
    weighted_n: base ? base.sum : counted.n,
    weighted_sq: base ? base.squares : counted.n,
    weighted_count: chose ? chose.sum : counted.count,
    weighted_count_sq: chose ? chose.squares : counted.count,
  };
}

/** The weights of a set of respondents, summed. */
function sumOf(members: Iterable<number>, w: Float64Array): WeightSum {
  const s = new WeightSum();
  for (const r of members) s.add(w[r]!);
  return s;
}

/**
 * crosstab-overlap.ts's pairs query: for a banner whose columns share respondents, per year, pair
 * of columns (a < b) and row, who is in both bases and how many of them chose the row; weighted
 * (`w`), Σw and Σw² of who is in both and Σw of who of them chose — in the weighting's year, and
 * weight 1 each elsewhere, as the cells carry them.
 */
function overlapping(
  spec: Spec,
  baseOf: string[][],
  validRows: [number, number][],
  rows: AnswerColumns,
  rowKeys: (year: number) => [number, number][],
  options: string[],
  levels: string[],
  w: Float64Array | null = null,
): CrosstabOverlapCount[] {
  const by = spec.by;
  if (typeof by !== "object" || !spec.years.some((y) => by.overlaps[y])) return [];
  const valid = spec.valid ?? false;
  // pairs: each respondent once per pair of base columns (a < b), keyed year, a, b
  const pairsOf = (r: number): string[] => {
    const cols = baseOf[r]!.map((k) => k.split("\u0000") as [string, string]);
    const out: string[] = [];
    for (const [y, a] of cols)
      for (const [, b] of cols) if (a < b) out.push(`${y}\u0000${a}\u0000${b}`);
    return out;
  };
  const pairN = new Tally();
  const pairRowN = new Tally();
  const pairHits = new Tally();
  for (let r = 0; r < baseOf.length; r++) for (const p of pairsOf(r)) pairN.add(p, r);
  for (const [r, o] of validRows) for (const p of pairsOf(r)) pairRowN.add(`${p}\u0000${o}`, r);
  for (let i = 0; i < rows.r.length; i++)
    for (const p of pairsOf(rows.r[i]!))
      pairHits.add(`${p}\u0000${rows.o[i]}\u0000${rows.l[i]}`, rows.r[i]!);
  const out: CrosstabOverlapCount[] = [];
  for (const p of pairN.keys()) {
    const [y, a, b] = p.split("\u0000") as [string, string, string];
    const year = Number(y);
    const weigh = w !== null && year === spec.weighting?.year;
    for (const [o, l] of rowKeys(year)) {
      const shared =
        valid && l >= 0 ? ([pairRowN, `${p}\u0000${o}`] as const) : ([pairN, p] as const);
      const hitKey = `${p}\u0000${o}\u0000${l}`;
      const counted = { n: shared[0].get(shared[1]) ?? 0, count: pairHits.get(hitKey) ?? 0 };
      // why: a pair carries Σw and Σw² of who is in both and Σw of who chose (no Σw² of those)
      const { weighted_count_sq: _, ...weights } =
        (w &&
          weightFields(
            counted,
            weigh && sumOf(shared[0].members(shared[1]), w),
            weigh && sumOf(pairHits.members(hitKey), w),
          )) ||
        {};
      out.push({
        year,
        a,
        b,
        option: options[o]!,
        level: l < 0 ? null : levels[l]!,
        ...counted,
        ...weights,
      });
    }
  }
  return out;
}

/** A cross-tab the explorer shows: the CLI's result, and with a weighting what it weighted. */
export interface ExplorerResult extends CrosstabResult {
  /** Named apart from the CLI's `weighting` (the raking it ran): the site's weights come raked. */
  siteWeighting?: {
    id: string;
    label: string;
    description: string;
    year: number;
    target: number;
    by: string[];
    /** The parts raked, each on its own: the whole sample, or (sample banner) both parts. */
    parts: ({ part: WeightingPart } & Omit<
      ExplorerWeighting["parts"]["all"],
      "values" | "codes"
    >)[];
    columns: WeightedColumn[];
    note: string;
  };
}

/** What a weighted view says about its numbers (the page shows it beside the method). */
export const WEIGHTED_NOTE = (w: ExplorerWeighting) =>
  `Weighted: ${w.label}. In ${w.year}, each share is weighted (Σw of who chose / Σw of the base), ` +
  `and its 95% Wilson interval, the column letters and the differences' Newcombe intervals are ` +
  `computed on the base's effective n, n_eff = (Σw)²/Σw², as crosstab --weight does (a cell's n and ` +
  `count stay the people counted, Σw, Σw² and n_eff beside them); the other years count each respondent once. Weighting matches the targets on ` +
  `${w.by.join(" and ")} only: the samples stay self-selected.`;

/** One cross-tab, as `kube-census crosstab … --format json` prints it (weighted: see WEIGHTED_NOTE). */
export function explorerCrosstab(data: ExplorerData, request: ExplorerRequest): ExplorerResult {
  const { spec } = check(data, request);
  const wt = spec.weighting;
  if (wt && !spec.years.includes(wt.year))
    throw new ExplorerError(
      `the weighting "${wt.label}" weights ${wt.year} only, and this cross-tab has no ${wt.year}: choose ${wt.year} or all years.`,
    );
  const { counts: raw, overlaps, weighted } = counts(data, spec);
  const result = finishCrosstab(
    spec,
    raw,
    data.breaks,
    data.meta.panels,
    data.meta.universes[spec.universe]!,
    overlaps,
  );
  if (!wt) return result;
  const parts: WeightingPart[] =
    spec.by === "sample" ? ["community", "panel"] : [spec.sample ?? "all"];
  return {
    ...result,
    siteWeighting: {
      id: wt.id,
      label: wt.label,
      description: wt.description,
      year: wt.year,
      target: wt.target,
      by: wt.by,
      parts: parts.map((part) => {
        const { values: _, codes: __, ...summary } = wt.parts[part];
        return { part, ...summary };
      }),
      columns: weighted,
      note: WEIGHTED_NOTE(wt),
    },
  };
}
