/**
 * A cross-tab filter (`crosstab --where`, the explorer's filters) as typed, read and resolved
 * against a question's labels and the nets on it. The syntax:
 *   question=option                 chose it (a multi-select: among others)
 *   question=option|option          chose any of them (OR within one question)
 *   question=<net>                  chose any of the net's members (standard or --net)
 *   question=option=level[|level]   a matrix row at any of these levels (or a box, by name)
 *   answered:question               gave any answer to the question
 *   panel                           in 2022's paid panel
 *   !<any of these>                 NOT: everyone the rest does not match, non-answerers included
 * Pure (browser-safe): the CLI looks the question up in the codebook (a matrix's levels need a
 * file read, so reading and resolving are two steps), the explorer in its meta file. Neither
 * step words an error: each throws what the caller's `fail` makes of a FilterProblem, so the CLI
 * keeps its messages and the explorer its own.
 */
import { findLabel, type NamedGroup } from "./crosstab-labels.ts";
import type { CrosstabNet } from "./crosstab-nets.ts";
import type { CrosstabFilter } from "./crosstab-result.ts";

/** A filter's form, read from its text before any name in it is checked. */
export type FilterSyntax = { not: boolean } & (
  | { form: "panel" }
  | { form: "answered"; question: string }
  /** `level` absent: no second "="; present (maybe empty): the text after it. */
  | { form: "choice"; question: string; option: string; level?: string }
);

/** What is wrong with a filter, for the caller to word. */
export type FilterProblem =
  /** Not one of the forms (the caller shows the syntax). */
  | { kind: "syntax" }
  /** A level given on a question that has none. */
  | { kind: "not-a-matrix"; question: string }
  /** A matrix row named without a level. */
  | { kind: "no-level"; question: string; row: string; levels: readonly string[] }
  /** A name no label (nor net, where `nets` lists them) spells: a matrix row, option or level. */
  | {
      kind: "unknown";
      what: "option" | "level";
      question: string;
      name: string;
      valid: readonly string[];
      nets: readonly string[];
    };

/** How a caller words a problem: the error thrown. */
export type FilterFail = (problem: FilterProblem) => Error;

/** What a filter's question must tell: its id, type and options (single, multi, matrix rows). */
export interface FilterQuestion {
  id: string;
  type: string;
  options: readonly string[];
}

/** Reads a filter's form; throws `fail({ kind: "syntax" })` if it has none. */
export function readFilter(text: string, fail: FilterFail): FilterSyntax {
  const not = text.startsWith("!");
  const body = (not ? text.slice(1) : text).trim();
  if (body === "panel") return { not, form: "panel" };
  if (body.startsWith("answered:"))
    return { not, form: "answered", question: body.slice("answered:".length).trim() };
  const [name = "", option, ...rest] = body.split("=");
  if (option === undefined || !option.trim()) throw fail({ kind: "syntax" });
  return {
    not,
    form: "choice",
    question: name.trim(),
    option,
    ...(rest.length ? { level: rest.join("=") } : {}),
  };
}

/** The nets a filter can name on a question: the request's, then the standard ones it does not redefine. */
export const netsOn = (
  question: string,
  standard: readonly NamedGroup[] | undefined,
  nets: readonly CrosstabNet[],
): NamedGroup[] => [
  ...nets.filter((n) => n.question === question),
  ...(standard ?? []).filter(
    (s) => !nets.some((n) => n.question === question && n.name === s.name),
  ),
];

/**
 * Resolves `a|b|<net>` against labels and net names: the labels meant (a net: its members) and
 * what to show (the names as the codebook spells them).
 */
function anyOf(
  text: string,
  labels: readonly string[],
  nets: readonly NamedGroup[],
  what: "option" | "level",
  question: string,
  fail: FilterFail,
): { shown: string; members: string[] } {
  const shown: string[] = [];
  const members: string[] = [];
  for (const piece of text.split("|").map((p) => p.trim())) {
    const label = findLabel(labels, piece);
    const net = nets.find((n) => n.name.toLowerCase() === piece.toLowerCase());
    if (label === undefined && !net)
      throw fail({
        kind: "unknown",
        what,
        question,
        name: piece,
        valid: labels,
        nets: nets.map((n) => n.name),
      });
    shown.push(label ?? net!.name);
    members.push(...(label === undefined ? net!.members : [label]));
  }
  return { shown: shown.join("|"), members: [...new Set(members)] };
}

// why: a plain option (or level) keeps the filter's old shape, without the list of what it means
const plain = (c: { shown: string; members: string[] }) =>
  c.members.length === 1 && c.members[0] === c.shown;

/**
 * A filter read by readFilter, resolved: `q` is the question it names (absent for `panel`),
 * `levels` a matrix's levels, `nets` the nets on `q` (netsOn).
 */
export function resolveFilter(
  read: FilterSyntax,
  q: FilterQuestion | undefined,
  levels: readonly string[],
  nets: readonly NamedGroup[],
  fail: FilterFail,
): CrosstabFilter {
  const negated = read.not ? { not: true } : {};
  if (read.form === "panel")
    return { question: "panel", option: "paid panel", level: null, kind: "panel", ...negated };
  if (!q) throw new Error(`resolveFilter: no question for ${read.form} ${read.question}`);
  if (read.form === "answered")
    return {
      question: q.id,
      option: "answered",
      level: null,
      options: [],
      kind: "answered",
      ...negated,
    };
  if (q.type !== "matrix") {
    if (read.level !== undefined) throw fail({ kind: "not-a-matrix", question: q.id });
    const chosen = anyOf(read.option, q.options, nets, "option", q.id, fail);
    return {
      question: q.id,
      option: chosen.shown,
      level: null,
      ...(plain(chosen) ? {} : { options: chosen.members }),
      ...negated,
    };
  }
  const row = findLabel(q.options, read.option.trim());
  if (row === undefined)
    throw fail({
      kind: "unknown",
      what: "option",
      question: q.id,
      name: read.option.trim(),
      valid: q.options,
      nets: [],
    });
  if (read.level === undefined) throw fail({ kind: "no-level", question: q.id, row, levels });
  const chosen = anyOf(read.level, levels, nets, "level", q.id, fail);
  return {
    question: q.id,
    option: row,
    level: chosen.shown,
    ...(plain(chosen) ? {} : { levels: chosen.members }),
    ...negated,
  };
}
