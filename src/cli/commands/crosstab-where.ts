/**
 * `crosstab --where`, as typed, checked against the codebook and the nets in play. The syntax:
 *   question=option                 chose it (a multi-select: among others)
 *   question=option|option          chose any of them (OR within one question)
 *   question=<net>                  chose any of the net's members (standard or --net)
 *   question=option=level[|level]   a matrix row at any of these levels (or a box, by name)
 *   answered:question               gave any answer to the question
 *   panel                           in 2022's paid panel
 *   !<any of these>                 NOT: everyone the rest does not match, non-answerers included
 * Repeated --where are ANDed.
 */
import { echoed } from "../../errors.ts";
import type { CodebookNet, CodebookQuestion } from "../../survey/crosstab-codebook.ts";
import type { CrosstabNet } from "../../survey/crosstab-nets.ts";
import type { CrosstabFilter } from "../../survey/crosstab-result.ts";
import { netMembers } from "./crosstab-nets.ts";
import { findLabel, question, unknown, usage } from "./crosstab-names.ts";

const SYNTAX =
  "use question=option (option|option for any of them, a net's name, question=option=level for a matrix), " +
  "answered:question, panel, and ! before any of them for NOT";

/** The nets a --where can name on a question: its standard nets, then the --net ones. */
const netsOn = (q: string, standard: Map<string, CodebookNet[]>, nets: CrosstabNet[]) => [
  ...nets.filter((n) => n.question === q),
  ...(standard.get(q) ?? []).filter(
    (s) => !nets.some((n) => n.question === q && n.name === s.name),
  ),
];

/**
 * Resolves `a|b|<net>` against labels and net names: the labels meant (a net: its members) and
 * what to show (the names as the codebook spells them).
 */
function anyOf(
  text: string,
  labels: string[],
  nets: { name: string; members: string[] }[],
  what: string,
): { shown: string; members: string[] } {
  const shown: string[] = [];
  const members: string[] = [];
  for (const piece of text.split("|").map((p) => p.trim())) {
    const label = findLabel(labels, piece);
    const net = nets.find((n) => n.name.toLowerCase() === piece.toLowerCase());
    if (label === undefined && !net)
      throw unknown(what, piece, [...labels, ...nets.map((n) => `${n.name} (net)`)]);
    shown.push(label ?? net!.name);
    members.push(...(label === undefined ? net!.members : [label]));
  }
  return { shown: shown.join("|"), members: [...new Set(members)] };
}

/** One `--where`, resolved. */
export async function parseWhere(
  text: string,
  questions: Map<string, CodebookQuestion>,
  standard: Map<string, CodebookNet[]>,
  nets: CrosstabNet[],
): Promise<CrosstabFilter> {
  const not = text.startsWith("!");
  const body = (not ? text.slice(1) : text).trim();
  const negated = not ? { not: true } : {};
  if (body === "panel")
    return { question: "panel", option: "paid panel", level: null, kind: "panel", ...negated };
  if (body.startsWith("answered:")) {
    const q = question(
      questions,
      body.slice("answered:".length).trim(),
      " in --where answered:question",
    );
    return {
      question: q.id,
      option: "answered",
      level: null,
      options: [],
      kind: "answered",
      ...negated,
    };
  }
  const [name = "", option, ...rest] = body.split("=");
  if (option === undefined || !option.trim())
    throw usage(`invalid --where: ${echoed(text)} (${SYNTAX})`);
  const q = question(questions, name.trim(), " in --where");
  const onQ = netsOn(q.id, standard, nets);
  if (q.type !== "matrix") {
    if (rest.length)
      throw usage(`invalid --where: ${echoed(text)} (${q.id} is not a matrix: no level)`);
    const chosen = anyOf(option, q.options, onQ, `option of ${q.id} in --where`);
    return {
      question: q.id,
      option: chosen.shown,
      level: null,
      // why: a plain option keeps the filter's old shape (and the explorer's)
      ...(chosen.members.length === 1 && chosen.members[0] === chosen.shown
        ? {}
        : { options: chosen.members }),
      ...negated,
    };
  }
  const levels = await netMembers(q);
  const row = findLabel(q.options, option.trim());
  if (row === undefined) throw unknown(`option of ${q.id} in --where`, option.trim(), q.options);
  if (!rest.length)
    throw usage(
      `--where ${echoed(text)}: ${q.id} is a matrix; name a level: ${q.id}=${row}=<${levels.join("|")}>`,
    );
  const chosen = anyOf(rest.join("="), levels, onQ, `level of ${q.id}`);
  return {
    question: q.id,
    option: row,
    level: chosen.shown,
    ...(chosen.members.length === 1 && chosen.members[0] === chosen.shown
      ? {}
      : { levels: chosen.members }),
    ...negated,
  };
}
