/**
 * `crosstab --where`, as typed, checked against the codebook and the nets in play: the syntax is
 * read and resolved by src/survey/crosstab-filter-parse.ts (the explorer's filters share it); this
 * looks the question up, reads a matrix's levels and words the refusals for the command line.
 * Repeated --where are ANDed.
 */
import { echoed } from "../../errors.ts";
import type { CodebookNet, CodebookQuestion } from "../../survey/crosstab-codebook.ts";
import {
  netsOn,
  readFilter,
  resolveFilter,
  type FilterProblem,
} from "../../survey/crosstab-filter-parse.ts";
import type { CrosstabNet } from "../../survey/crosstab-nets.ts";
import type { CrosstabFilter } from "../../survey/crosstab-result.ts";
import { netMembers } from "./crosstab-nets.ts";
import { question, unknown, usage } from "./crosstab-names.ts";

const SYNTAX =
  "use question=option (option|option for any of them, a net's name, question=option=level for a matrix), " +
  "answered:question, panel, and ! before any of them for NOT";

/** A filter's problem in the command line's words. */
const worded =
  (text: string) =>
  (p: FilterProblem): Error => {
    switch (p.kind) {
      case "syntax":
        return usage(`invalid --where: ${echoed(text)} (${SYNTAX})`);
      case "not-a-matrix":
        return usage(`invalid --where: ${echoed(text)} (${p.question} is not a matrix: no level)`);
      case "no-level":
        return usage(
          `--where ${echoed(text)}: ${p.question} is a matrix; name a level: ${p.question}=${p.row}=<${p.levels.join("|")}>`,
        );
      case "unknown":
        return unknown(
          p.what === "option" ? `option of ${p.question} in --where` : `level of ${p.question}`,
          p.name,
          [...p.valid, ...p.nets.map((n) => `${n} (net)`)],
        );
    }
  };

/** One `--where`, resolved. */
export async function parseWhere(
  text: string,
  questions: Map<string, CodebookQuestion>,
  standard: Map<string, CodebookNet[]>,
  nets: CrosstabNet[],
): Promise<CrosstabFilter> {
  const fail = worded(text);
  const read = readFilter(text, fail);
  if (read.form === "panel") return resolveFilter(read, undefined, [], [], fail);
  const role = read.form === "answered" ? " in --where answered:question" : " in --where";
  const q = question(questions, read.question, role);
  const levels = read.form === "choice" && q.type === "matrix" ? await netMembers(q) : [];
  return resolveFilter(read, q, levels, netsOn(q.id, standard.get(q.id), nets), fail);
}
