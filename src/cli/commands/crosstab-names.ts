/**
 * How the cross-tab's command line names things — questions, options, levels — checked against
 * the codebook: an unknown name answers with the valid ones and the nearest match.
 */
import { CensusError, echoed } from "../../errors.ts";
import { nearest } from "../../nearest.ts";
import type { CodebookQuestion } from "../../survey/crosstab-codebook.ts";
import { findLabel } from "../../survey/crosstab-labels.ts";

export const usage = (message: string) => new CensusError(message, 2);

/** An unknown name: the valid ones and the nearest match. */
export const unknown = (what: string, name: string, valid: string[]) =>
  usage(
    `unknown ${what}: ${echoed(name)}. Did you mean ${nearest(name, valid, 1)[0]}? Valid: ${valid.join(", ")}`,
  );

/** A question by id; `role` says where it was named (" in --by", " in --where", …). */
export function question(questions: Map<string, CodebookQuestion>, name: string, role: string) {
  const q = questions.get(name);
  if (!q)
    throw unknown(`question${role}`, name, [
      ...questions.keys(),
      ...(role === " in --by" ? ["year"] : []),
    ]);
  if (q.type === "free_text")
    throw usage(`${name} is a free-text question: typed answers have no options to count.`);
  return q;
}

/** A label as the codebook spells it; an error naming the valid ones if there is none. */
export function label(valid: string[], name: string, what: string) {
  const found = findLabel(valid, name);
  if (found === undefined) throw unknown(what, name, valid);
  return found;
}
