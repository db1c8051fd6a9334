/**
 * Which breaks stand between two years of a cross-tab's row. Pure (no Node or DuckDB import):
 * the CLI loads the breaks from `question_breaks`, the explorer from its data file, and both ask
 * this the same question.
 */

/** A break as a cross-tab lists it, numbered in the order the table lists them. */
export interface CrosstabBreak {
  number: number;
  question: string;
  /** The year it separates from the previous year the question was asked. */
  year: number;
  previous_year: number | null;
  kind: string;
  /** The option it affects; null = every row of the question. */
  option: string | null;
  text: string;
  /** What it touches in this table: the row question, a filter, the universe, or the sample. */
  role: "row" | "filter" | "universe" | "sample";
  /** Confined to don't-know / not-applicable answers: no break for a base of valid answers. */
  valid_only: boolean;
}

/** A break row as stored (question_breaks, or the explorer's copy of it). */
export interface StoredBreak {
  question: string;
  year: number;
  previous_year: number | null;
  kind: string;
  option: string | null;
  explanation: string;
  valid_only: boolean;
  /** A routing break's filter question, where the data showed it. */
  filter_question?: string | null;
}

/** What a universe holds constant (src/survey/universes.ts: K8S_USERS_HOLDS). */
export interface Holds {
  /** Filter questions every member passes: a list routed by one was asked of all of them. */
  passed: string[];
  /** Questions only whose substantive answers decide membership. */
  counted: string[];
}

/**
 * A break that cannot move a universe holding these constant: routing on a filter every member
 * passed, or a change to the don't-know answers of a question only whose substantive answers
 * count. Figures and cross-tabs skip the same ones.
 */
export const heldConstant = (
  b: Pick<StoredBreak, "question" | "filter_question" | "valid_only">,
  holds: Holds | undefined,
): boolean =>
  !!holds &&
  ((!!b.filter_question && holds.passed.includes(b.filter_question)) ||
    (b.valid_only && holds.counted.includes(b.question)));

export interface BreakContext {
  question: string;
  /** A filter's `options`: any of them (OR, a net's members); `option` alone without. */
  filters: { question: string; option: string; options?: string[] }[];
  /** The questions that define the universe (the Kubernetes-user universe: clusters, challenges). */
  universe: string[];
  years: number[];
  /**
   * What the universe holds constant: filter questions every member passes (Kubernetes users use
   * Kubernetes: a list routed by one was asked of the whole universe, so that routing is no break
   * here), and questions only whose substantive answers count (a cluster count: a change to their
   * don't-know answers moves no member).
   */
  holds?: Holds;
  /** --valid: breaks confined to don't-know / not-applicable answers do not count. */
  valid: boolean;
  /** The sample breaks between the years shown (src/survey/sample-breaks.ts); none for a part. */
  sampleBreaks: { year: number; text: string }[];
}

/**
 * The breaks that bear on a cross-tab, numbered: the row question's (per option), the filters'
 * (whole question, or the filtered option), the universe's (whole question: a universe counts
 * substantive answers only, so don't-know changes never move it) and, when whole samples are
 * compared, the sample breaks between them (a paid panel in or out, or a mix that moved). Only breaks inside the years shown are listed.
 */
export function crosstabBreaks(stored: StoredBreak[], ctx: BreakContext): CrosstabBreak[] {
  const [first, last] = [Math.min(...ctx.years), Math.max(...ctx.years)];
  const inside = (b: StoredBreak) => b.year > first && b.year <= last;
  const picked: Omit<CrosstabBreak, "number">[] = [];
  const add = (b: StoredBreak, role: CrosstabBreak["role"]) =>
    picked.push({
      question: b.question,
      year: b.year,
      previous_year: b.previous_year,
      kind: b.kind,
      option: role === "row" ? b.option : null,
      text: b.explanation,
      role,
      valid_only: b.valid_only,
    });
  for (const b of stored) {
    if (!inside(b) || (ctx.valid && b.valid_only)) continue;
    if (heldConstant(b, ctx.holds)) continue;
    if (b.question === ctx.question) add(b, "row");
    else if (
      ctx.filters.some(
        (f) =>
          f.question === b.question &&
          // why: a net filter's own break names the net; its members' breaks name them
          (b.option === null || b.option === f.option || !!f.options?.includes(b.option)),
      )
    )
      add(b, "filter");
    else if (ctx.universe.includes(b.question) && b.option === null && !b.valid_only)
      add(b, "universe");
  }
  for (const s of ctx.sampleBreaks)
    if (s.year > first && s.year <= last)
      picked.push({
        question: "",
        year: s.year,
        previous_year: null,
        kind: "panel",
        option: null,
        text: s.text,
        role: "sample",
        valid_only: false,
      });
  // why: the same sentence from two places (a filter that is also the universe) is one break
  const unique = new Map(picked.map((b) => [`${b.year}\u0000${b.option}\u0000${b.text}`, b]));
  return [...unique.values()]
    .sort((a, b) => a.year - b.year || (a.option ?? "").localeCompare(b.option ?? ""))
    .map((b, i) => ({ ...b, number: i + 1 }));
}

/** The numbers of the breaks between two years that affect a row (its option, or every row). */
export function breaksBetween(
  breaks: CrosstabBreak[],
  option: string,
  from: number,
  to: number,
): number[] {
  return breaks
    .filter((b) => b.year > from && b.year <= to && (b.option === null || b.option === option))
    .map((b) => b.number);
}
