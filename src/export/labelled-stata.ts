/**
 * The Stata do-file (.do) that imports the labelled export's CSV and labels it: import
 * delimited, label variable, label define / label values, and each multiple-response set as a
 * global macro of its indicators (Stata has no set type; `mrtab $mr_challenges` reads one).
 */
import type { LabelledLayout } from "./labelled-variables.ts";
import { cutChars, oneLine } from "./labelled-text.ts";

/** Stata's limit on a variable label, in characters (value labels may be far longer). */
export const STATA_VARIABLE_LABEL_CHARS = 80;
/** Kept well under Stata's 32,000 characters per value label. */
export const STATA_VALUE_LABEL_CHARS = 2000;

/**
 * A label as a Stata compound-quoted string `"…"': one line; a backtick or dollar sign escaped
 * with a backslash (either would start a macro expansion, even inside quotes); and a double quote
 * followed by an apostrophe — which would close the compound quote — gets its apostrophe as ’.
 */
export function stataString(text: string, maxChars = STATA_VARIABLE_LABEL_CHARS): string {
  const body = cutChars(oneLine(text), maxChars)
    .replace(/\\(?=[`$])/g, "\\\\")
    .replace(/([`$])/g, "\\$1")
    .replace(/"'/g, '"\u2019');
  return `\`"${body}"'`;
}

/** The .do for `csvFile` (a file name, read from Stata's working directory). */
export function stataSyntax(layout: LabelledLayout, csvFile: string, header: string[]): string {
  const lines: string[] = [
    ...header.map((h) => `* ${oneLine(h)}`),
    `* Run from the folder holding ${csvFile} (cd "folder"); Stata 14 or later (UTF-8).`,
    "version 14",
    // why: asdouble keeps the weights' precision (import delimited reads floats otherwise)
    `import delimited using ${stataString(csvFile, 1000)}, varnames(1) case(preserve) encoding("utf-8") asdouble clear`,
    "",
  ];
  for (const v of layout.variables) lines.push(`label variable ${v.name} ${stataString(v.label)}`);
  lines.push("");
  // One value label per question (shared by a matrix's rows), else per variable.
  const defined = new Set<string>();
  for (const v of layout.variables) {
    if (!v.values?.length) continue;
    const name = v.kind === "coded" && v.question ? v.question : v.name;
    if (!defined.has(name)) {
      defined.add(name);
      const pairs = v.values.map(
        (l) => `${l.code} ${stataString(l.label, STATA_VALUE_LABEL_CHARS)}`,
      );
      lines.push(`label define ${name} ${pairs.join(" ")}, replace`);
    }
    lines.push(`label values ${v.name} ${name}`);
  }
  if (layout.mrsets.length) {
    lines.push("", "* Multiple-response sets: the indicators of each (1 = chosen).");
    for (const set of layout.mrsets) {
      lines.push(`* ${oneLine(set.label).replace(/[`$]/g, "")}`);
      lines.push(`global mr_${set.name} "${set.variables.join(" ")}"`);
    }
  }
  if (layout.variables.some((v) => v.kind === "weight"))
    lines.push(
      "",
      "* The raking weight as a sampling weight (proportions and tests then use it).",
      "svyset [pweight=weight]",
    );
  lines.push("");
  return lines.join("\n");
}
