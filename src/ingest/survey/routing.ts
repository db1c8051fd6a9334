import type { DuckDBConnection } from "@duckdb/node-api";
import { runPaced, type Steps } from "../../paced.ts";

/**
 * Routing detected from the data (issue 16, 2b): a list asked only of those who passed a filter
 * question. It runs at the end of the survey ingest, on the harmonised tables only (`answers`,
 * `survey_columns`, `codebook_questions`), and its findings are stored in `question_routing`.
 *
 * The test, per year, list Q and earlier single-choice question F (by first column in that year's
 * export): split the respondents who reached Q by their answer to F and compare Q's answer rate
 * between the groups. Routing is when some answers give a rate near zero and every other (large
 * enough) answer a clearly higher one — a merely correlated list has lower rates, not zero ones.
 */

export interface RoutingFinding {
  year: number;
  /** The routed list (codebook id). */
  question: string;
  /** The earlier single-choice question that routes it. */
  filter_question: string;
  /** Filter answers whose respondents were asked (answer rate high); may hold NO_ANSWER. */
  asked_options: string[];
  /** Filter answers whose respondents were not asked (answer rate ~0); may hold NO_ANSWER. */
  skipped_options: string[];
  answer_rate_asked: number;
  answer_rate_skipped: number;
  n_asked: number;
  n_skipped: number;
  /** "asked only those who answered <filter> = <options>", in words, with the counts. */
  description: string;
}

/** The pseudo-answer of respondents who reached the list without answering the filter. */
export const NO_ANSWER = "(no answer)";

/**
 * The thresholds, and why:
 * - `skippedRate` 2%: a skipped answer's group (nearly) never answered the list. Self-selected
 *   respondents who find a list irrelevant still answer it at 5–10% when it is shown to them
 *   (2018's serverless platforms among "No": 43 of 654, 6.6%), so zero-ish rates mean the list
 *   was hidden. A single stray answer is tolerated in any group (1H 2020's serverless "Neither":
 *   1 of 25), as long as the skipped groups together stay at or under 2%.
 * - `askedRate` 50%: every asked answer's group answered the list at least half the time. A
 *   filter whose other answers give rates between 2% and 50% does not explain the skip (a
 *   correlated question, or a filter nested in another) and is not reported.
 * - `minGroup` 10: an answer given by fewer respondents (who reached the list) is not classified
 *   either way and is listed nowhere; `minSide` 20: at least this many respondents on each side.
 * - `filterCoverage` 90%: the filter was answered by nearly everyone who reached the list, so it
 *   is a question put to (nearly) all of them, not itself routed.
 */
export const ROUTING_THRESHOLDS = {
  skippedRate: 0.02,
  askedRate: 0.5,
  minGroup: 10,
  minSide: 20,
  filterCoverage: 0.9,
} as const;

export interface SurveyQuestion {
  id: string;
  label: string;
  type: "single" | "multi" | "matrix";
  /** First column of the question in that year's export. */
  position: number;
}

/**
 * One year's published respondents (those who answered anything, in source and respondent order),
 * held compactly: a byte per respondent and question, a code per respondent and single-choice
 * question. why: a Map of answers per respondent took ~1 GB at 50× the 2018 and 2019 exports.
 */
interface YearAnswers {
  year: number;
  questions: SurveyQuestion[];
  size: number;
  /** 1 where respondent i answered question q. */
  answered: ReadonlyMap<string, Uint8Array>;
  /** Each single-choice question's answers, as codes into its labels. */
  choices: ReadonlyMap<string, Choices>;
  /** How far each respondent got: the first column of the last question they answered. */
  reach: Float64Array;
}

const NONE: readonly number[] = [];

/** One single-choice question's answers: respondent i's are `given(i)` (usually one, none when blank). */
class Choices {
  readonly labels: string[] = [];
  private readonly code = new Map<string, number>();
  private readonly one: (readonly number[])[] = [];
  private readonly first: Int32Array;
  /** Respondents who gave several answers to a "single" question (2019's and 1H 2020's serverless). */
  private readonly several = new Map<number, number[]>();

  constructor(size: number) {
    this.first = new Int32Array(size).fill(-1);
  }

  /** Records respondent i's answers (sorted labels); codes follow the labels' first appearance. */
  set(i: number, labels: readonly string[]): void {
    const codes = labels.map((label) => {
      let c = this.code.get(label);
      if (c === undefined) {
        c = this.labels.push(label) - 1;
        this.code.set(label, c);
        this.one.push([c]);
      }
      return c;
    });
    if (codes.length === 1) this.first[i] = codes[0]!;
    else if (codes.length > 1) this.several.set(i, codes);
  }

  given(i: number): readonly number[] {
    const c = this.first[i]!;
    return c >= 0 ? this.one[c]! : (this.several.get(i) ?? NONE);
  }
}

/**
 * Finds the routing in the given years (default: every respondent-level year in `answers`), one
 * year at a time, letting the event loop turn every 50 ms (a signal is not held up at 50× the data).
 */
export async function detectRouting(
  conn: DuckDBConnection,
  years?: number[],
): Promise<RoutingFinding[]> {
  const findings: RoutingFinding[] = [];
  for await (const data of readYears(conn, years))
    findings.push(...(await runPaced(findSteps(data))));
  return findings;
}

/** One year's routing: at most one finding per list, by the filter that explains it best. */
function* findSteps(data: YearAnswers): Steps<RoutingFinding[]> {
  const questions = [...data.questions].sort((a, b) => a.position - b.position);
  // Who answered nothing at or after a list never reached it (they broke off) and is left out.
  const reach = Array.from(data.reach);
  let lastAnswered = -Infinity;
  for (const r of reach) if (r > lastAnswered) lastAnswered = r;
  const findings: RoutingFinding[] = [];
  for (const [k, q] of questions.entries()) {
    const last = q.position >= lastAnswered;
    const reached = indices(reach, (r) => r >= q.position);
    const candidates: { finding: RoutingFinding; position: number }[] = [];
    for (const f of questions.slice(0, k)) {
      if (f.type !== "single") continue;
      // The export's last list has no later question to tell a break-off from a skip. There,
      // reaching it means answering something after the filter — or the filter itself when it
      // sits right before the list (a filter and its follow-up, one page: a page-level
      // break-off leaves both blank).
      const adjacent = questions[k - 1] === f;
      const base = last
        ? indices(reach, (r) => r > f.position || (adjacent && r === f.position))
        : reached;
      const finding = testFilter(data, q, f, base, last);
      if (finding) candidates.push({ finding, position: f.position });
      yield;
    }
    const chosen = mostSpecific(candidates);
    if (chosen) findings.push(chosen);
  }
  return findings;
}

/** The indices i where keep(values[i]). */
function indices(values: number[], keep: (value: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (keep(values[i]!)) out.push(i);
  return out;
}

/**
 * Of the filters that pass, the one that explains the skip best: the widest gap between the asked
 * and skipped answer rates. A merely correlated question (everyone who answered "No" to it also
 * failed the real filter, but not the reverse) leaves some of its asked group unasked, so its gap
 * is narrower; among filters within a point of the widest gap, the nearest to the list.
 */
function mostSpecific(
  candidates: { finding: RoutingFinding; position: number }[],
): RoutingFinding | undefined {
  const gap = (f: RoutingFinding) => f.answer_rate_asked - f.answer_rate_skipped;
  const widest = Math.max(...candidates.map((c) => gap(c.finding)));
  return candidates
    .filter((c) => gap(c.finding) >= widest - 0.01)
    .sort((a, b) => b.position - a.position)[0]?.finding;
}

type Side = "asked" | "skipped" | "mixed" | "small";

function classify(n: number, answered: number): Side {
  const t = ROUTING_THRESHOLDS;
  if (n < t.minGroup) return "small";
  if (answered <= Math.max(1, t.skippedRate * n)) return "skipped";
  return answered / n >= t.askedRate ? "asked" : "mixed";
}

function testFilter(
  data: YearAnswers,
  q: SurveyQuestion,
  f: SurveyQuestion,
  base: number[],
  last: boolean,
): RoutingFinding | undefined {
  const t = ROUTING_THRESHOLDS;
  if (base.length === 0) return undefined;
  const answered = data.answered.get(q.id) ?? new Uint8Array(data.size);
  const choices = data.choices.get(f.id) ?? new Choices(data.size);
  const labels = choices.labels;
  // One group per filter answer (a respondent who gave two answers to a "single" question, as in
  // 2019's and 1H 2020's serverless, sits in both) and one for those who left it blank.
  const n = new Array<number>(labels.length + 1).fill(0);
  const a = new Array<number>(labels.length + 1).fill(0);
  const blank = labels.length;
  for (const i of base) {
    const given = choices.given(i);
    if (given.length === 0) {
      n[blank]! += 1;
      a[blank]! += answered[i]!;
    }
    for (const c of given) {
      n[c]! += 1;
      a[c]! += answered[i]!;
    }
  }
  if (1 - n[blank]! / base.length < t.filterCoverage) return undefined;
  const side = [...labels, NO_ANSWER].map((o, c) => [o, classify(n[c]!, a[c]!)] as const);
  const real = side.filter(([o]) => o !== NO_ANSWER).map(([, s]) => s);
  // Only the filter's own answers decide: a skip of the blank group alone is a filter upstream
  // (those who left F blank were never shown F's page) or a break-off, never this filter's work.
  if (!real.includes("skipped") || !real.includes("asked") || real.includes("mixed"))
    return undefined;
  const listed = (s: Side) =>
    side
      .filter(([, v]) => v === s)
      .map(([o]) => o)
      .sort();
  const asked = listed("asked");
  const skipped = listed("skipped");
  // Each respondent counts once: asked if any answer of theirs is an asked one.
  const answersOf = (i: number) => {
    const given = choices.given(i);
    return given.length === 0 ? [NO_ANSWER] : given.map((c) => labels[c]!);
  };
  const onAsked = base.filter((i) => answersOf(i).some((o) => asked.includes(o)));
  const onSkipped = base.filter(
    (i) =>
      !answersOf(i).some((o) => asked.includes(o)) && answersOf(i).some((o) => skipped.includes(o)),
  );
  if (onAsked.length < t.minSide || onSkipped.length < t.minSide) return undefined;
  const answering = (is: number[]) => is.filter((i) => answered[i] === 1).length;
  if (answering(onSkipped) / onSkipped.length > t.skippedRate) return undefined;
  const finding = {
    year: data.year,
    question: q.id,
    filter_question: f.id,
    asked_options: asked,
    skipped_options: skipped,
    answer_rate_asked: answering(onAsked) / onAsked.length,
    answer_rate_skipped: answering(onSkipped) / onSkipped.length,
    n_asked: onAsked.length,
    n_skipped: onSkipped.length,
  };
  const counts = { asked: answering(onAsked), skipped: answering(onSkipped) };
  return { ...finding, description: describe(finding, f, counts, last) };
}

const count = (n: number) => n.toLocaleString("en-US");
const quoted = (options: string[]) =>
  options.map((o) => (o === NO_ANSWER ? "nothing" : `"${o}"`)).join(" or ");

function describe(
  finding: Omit<RoutingFinding, "description">,
  f: SurveyQuestion,
  answered: { asked: number; skipped: number },
  last: boolean,
): string {
  return (
    `Asked only those who answered "${f.label}" (${f.id}) ${quoted(finding.asked_options)}: ` +
    `${count(answered.asked)} of ${count(finding.n_asked)} of them answered it, against ` +
    `${count(answered.skipped)} of ${count(finding.n_skipped)} who answered ${quoted(finding.skipped_options)}` +
    (last
      ? " (the export's last list: with no later question, a break-off right after the filter cannot be told from a skip)."
      : ".")
  );
}

/**
 * Reads each year's closed questions (first column, type, label) and every published
 * respondent's answers, one year at a time. Only the harmonised tables are read.
 */
async function* readYears(conn: DuckDBConnection, years?: number[]): AsyncGenerator<YearAnswers> {
  const bad = years?.find((y) => !Number.isInteger(y));
  if (bad !== undefined)
    throw new Error(
      `detectRouting: years must be whole survey years (e.g. 2022), not ${String(bad)}.`,
    );
  const list = years?.join(", ");
  const only = (column: string) =>
    list === undefined ? "" : `AND ${column} IN (${list || "NULL"})`;
  const questions = (
    await conn.runAndReadAll(`
      SELECT c.year, c.question_id AS id, any_value(q.label) AS label, any_value(q.type) AS type,
        min(c.position)::INTEGER AS position
      FROM survey_columns c JOIN codebook_questions q ON q.id = c.question_id
      WHERE q.type IN ('single', 'multi', 'matrix') ${only("c.year")}
      GROUP BY c.year, c.question_id`)
  ).getRowObjectsJS();
  const counts = (
    await conn.runAndReadAll(`
      SELECT year, count(*)::INTEGER AS n
      FROM (SELECT DISTINCT year, source, respondent FROM answers WHERE true ${only("year")})
      GROUP BY year ORDER BY year`)
  ).getRowsJS();
  for (const [year, n] of counts) {
    const y = Number(year);
    const size = Number(n);
    const asked: SurveyQuestion[] = questions
      .filter((q) => Number(q.year) === y)
      .map((q) => ({
        id: String(q.id),
        label: String(q.label),
        type: String(q.type) as SurveyQuestion["type"],
        position: Number(q.position),
      }));
    const position = new Map(asked.map((q) => [q.id, q.position]));
    const answered = new Map(asked.map((q) => [q.id, new Uint8Array(size)]));
    const choices = new Map(
      asked.filter((q) => q.type === "single").map((q) => [q.id, new Choices(size)]),
    );
    const reach = new Float64Array(size).fill(-Infinity);
    // One row per respondent, their answers packed in one string (question, and a single choice's
    // option, per answer): far fewer values to hand from DuckDB to JavaScript than one per answer.
    // The separators are ASCII control characters, which the loaders never leave in a label. The
    // rows stream a chunk at a time, each respondent packed into the arrays above and dropped.
    const result = await conn.stream(
      `
      WITH answered AS (
        -- why DISTINCT first: a matrix or multi answer has one row per option; only a single
        -- choice's options are needed (NULL for the others)
        SELECT DISTINCT source, respondent, question,
          CASE WHEN question IN (SELECT id FROM codebook_questions WHERE type = 'single')
            THEN option END AS option
        FROM answers WHERE year = $year)
      SELECT string_agg(question || coalesce(chr(31) || option, ''), chr(30)) AS answers
      FROM answered
      GROUP BY source, respondent
      ORDER BY source, respondent`,
      { year: y },
    );
    let i = 0;
    for await (const rows of result.yieldRowsJs()) {
      for (const [packed] of rows) {
        // why no Map and no second split per respondent: this loop was about half of routing's
        // CPU; only a single choice's options need gathering, the rest is a byte and a max
        let options: Map<string, string[]> | undefined;
        for (const answer of String(packed).split("\x1e")) {
          const cut = answer.indexOf("\x1f");
          const question = cut < 0 ? answer : answer.slice(0, cut);
          const at = position.get(question);
          if (at === undefined) continue;
          answered.get(question)![i] = 1;
          if (at > reach[i]!) reach[i] = at;
          if (cut < 0) continue;
          const option = answer.slice(cut + 1);
          const list = (options ??= new Map()).get(question);
          if (list) list.push(option);
          else options.set(question, [option]);
        }
        if (options)
          for (const [question, list] of options) choices.get(question)?.set(i, list.sort());
        i++;
      }
    }
    yield { year: y, questions: asked, size, answered, choices, reach };
  }
}

/** Stores findings in `question_routing` (ROUTING_SCHEMA), one row per finding. */
export async function writeRoutingTable(
  conn: DuckDBConnection,
  findings: RoutingFinding[],
): Promise<void> {
  for (const f of findings)
    await conn.run(
      `INSERT INTO question_routing VALUES ($year, $question, $filter,
        CAST($asked::JSON AS VARCHAR[]), CAST($skipped::JSON AS VARCHAR[]),
        $rate_asked, $rate_skipped, $n_asked, $n_skipped, $description)`,
      {
        year: f.year,
        question: f.question,
        filter: f.filter_question,
        // Lists travel as JSON text: a bound parameter needs no quoting of the answers' commas.
        asked: JSON.stringify(f.asked_options),
        skipped: JSON.stringify(f.skipped_options),
        rate_asked: f.answer_rate_asked,
        rate_skipped: f.answer_rate_skipped,
        n_asked: f.n_asked,
        n_skipped: f.n_skipped,
        description: f.description,
      },
    );
}
