/**
 * Variable names of the labelled respondent file (`export --labelled`): names SPSS, Stata and R
 * all accept, derived from the codebook so they stay the same from one export to the next.
 *
 * - a single-choice question, a fixed column: its codebook id (`region`, `k8s_user`);
 * - one column per option (multi-select) or per row item (matrix): `<question>_<code>`, the code
 *   being the option's place in the codebook's option list (1-based). The codebook only appends
 *   options (labels a later year added go last), so a code never moves; a matrix's typed
 *   "Other or None" box, which is in no list, is `<question>_other`.
 */
import { CensusError } from "../errors.ts";

/** Stata's limit (SPSS allows 64 bytes, R any length): the strictest of the three. */
export const MAX_NAME_LENGTH = 32;

/** Letters, digits and underscores, starting with a letter: valid in all three. */
const VALID = /^[a-z][a-z0-9_]*$/;

// Words none of the three lets a variable be named (compared ignoring case): SPSS's reserved
// keywords, Stata's reserved names, R's reserved words (which read.csv would rename).
const RESERVED = new Set([
  // SPSS
  "all",
  "and",
  "by",
  "eq",
  "ge",
  "gt",
  "le",
  "lt",
  "ne",
  "not",
  "or",
  "to",
  "with",
  // Stata
  "_all",
  "_b",
  "byte",
  "_coef",
  "_cons",
  "double",
  "float",
  "if",
  "in",
  "int",
  "long",
  "_n",
  "_pi",
  "_pred",
  "_rc",
  "_skip",
  "strl",
  "using",
  // R
  "else",
  "repeat",
  "while",
  "function",
  "for",
  "next",
  "break",
  "true",
  "false",
  "null",
  "inf",
  "nan",
  "na",
]);

/** The typed "Other or None" box of a matrix, in no codebook option list. */
export const OTHER_OPTION = "Other (please specify)";

/** The column of one option (or row item) of a question: `<question>_<code>`. */
export function optionVariable(question: string, code: number | "other"): string {
  return `${question}_${code}`;
}

/** Why a name cannot be used, or null when SPSS, Stata and R all accept it. */
export function nameProblem(name: string): string | null {
  if (!VALID.test(name))
    return "not letters, digits and underscores starting with a lowercase letter";
  if (name.length > MAX_NAME_LENGTH)
    return `${name.length} characters, more than Stata's ${MAX_NAME_LENGTH}`;
  if (RESERVED.has(name.toLowerCase())) return "a reserved word in SPSS, Stata or R";
  return null;
}

/**
 * Refuses a list of names with an invalid or repeated one (ignoring case: SPSS does), naming
 * each and where it came from, so a codebook id that breaks the rules is caught before any file
 * is written.
 */
export function checkNames(names: readonly string[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const problem = nameProblem(name);
    if (problem) problems.push(`${JSON.stringify(name)}: ${problem}`);
    const key = name.toLowerCase();
    if (seen.has(key)) problems.push(`${JSON.stringify(name)}: used twice`);
    seen.add(key);
  }
  if (problems.length)
    throw new CensusError(
      `the labelled export cannot name its columns: ${problems.slice(0, 5).join("; ")}` +
        `${problems.length > 5 ? ` and ${problems.length - 5} more` : ""}. ` +
        `Names come from codebook ids (data/codebook/*.yml) and option codes: rename the question.`,
    );
}
