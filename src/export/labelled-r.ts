/**
 * The R script (.R) that reads the labelled export's CSV: coded answers become factors with their
 * labels, 0/1 indicators keep their numbers with a haven-style "labels" attribute, every column
 * gets its "label", the multiple-response sets an attribute of the data frame; and when the
 * export is weighted, a survey::svydesign object on the weights. Run with Rscript where R is
 * installed (test/export/labelled-syntax-run.test.ts).
 */
import type { LabelledLayout, LabelledVariable } from "./labelled-variables.ts";

/**
 * A string as an R literal: double quotes, backslash escapes for \ " and control characters, and
 * every non-ASCII character as \u{…}, so the script is plain ASCII and reads the same whatever
 * the session's encoding (R on Windows). Line breaks stay in the text, as \n.
 */
export function rString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (cp === 0)
      continue; // why: R strings cannot hold NUL
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp > 0x7e)
      // why: R's \u{…} takes at most 4 hex digits; \U{…} the rest (emoji, beyond the BMP)
      out += cp > 0xffff ? `\\U{${cp.toString(16)}}` : `\\u{${cp.toString(16).padStart(4, "0")}}`;
    else out += ch;
  }
  return `${out}"`;
}

const isFactor = (v: LabelledVariable) => v.kind === "coded" && v.name !== "k8s_user";

/** The .R for `csvFile` (a file name, read from R's working directory). */
export function rSyntax(layout: LabelledLayout, csvFile: string, header: string[]): string {
  const data = `respondents_${layout.year}`;
  const vec = (items: string[]) => `c(${items.join(", ")})`;
  const lines: string[] = [
    ...header.map((h) => `# ${h.replace(/[\r\n]+/g, " ")}`),
    `# Run with the working directory at the folder holding ${csvFile}: source(${rString(`respondents_${layout.year}.R`)}).`,
    "",
    `${data} <- utils::read.csv(${rString(csvFile)}, na.strings = "", check.names = FALSE,`,
    `  fileEncoding = "UTF-8", stringsAsFactors = FALSE)`,
    "",
    "# Coded answers as factors: levels are the codes, labels the answers.",
  ];
  for (const v of layout.variables.filter(isFactor)) {
    const values = v.values ?? [];
    lines.push(
      `${data}[[${rString(v.name)}]] <- factor(${data}[[${rString(v.name)}]],`,
      `  levels = ${vec(values.map((l) => `${l.code}L`))},`,
      `  labels = ${vec(values.map((l) => rString(l.label)))})`,
    );
  }
  lines.push(
    "",
    "# 0/1 indicators and flags keep their numbers; their value labels as attributes.",
  );
  for (const v of layout.variables.filter((v) => v.values?.length && !isFactor(v)))
    lines.push(
      `attr(${data}[[${rString(v.name)}]], "labels") <- ` +
        `stats::setNames(${vec(v.values!.map((l) => `${l.code}L`))}, ${vec(v.values!.map((l) => rString(l.label)))})`,
    );
  lines.push("", "# Variable labels.", "variable_labels <- c(");
  lines.push(
    layout.variables.map((v) => `  ${rString(v.name)} = ${rString(v.label)}`).join(",\n"),
    ")",
    `for (v in names(variable_labels)) attr(${data}[[v]], "label") <- variable_labels[[v]]`,
    "",
    "# Multiple-response sets: the indicators of each, counted value 1.",
    `attr(${data}, "mrsets") <- list(`,
    layout.mrsets
      .map(
        (s) =>
          `  ${rString(s.name)} = list(label = ${rString(s.label)}, counted = ${s.counted}L,\n` +
          `    variables = ${vec(s.variables.map(rString))})`,
      )
      .join(",\n"),
    ")",
    "",
  );
  if (layout.variables.some((v) => v.kind === "weight"))
    lines.push(
      "# The design: one stage, the raking weights as sampling weights (see the export's weighting).",
      `design <- survey::svydesign(ids = ~1, weights = ~weight, data = ${data})`,
      "",
    );
  else
    lines.push(
      "# Unweighted export: export again with --weight and --weight-by for a weight column and a",
      `# survey::svydesign(ids = ~1, weights = ~weight, data = ${data}) object.`,
      "",
    );
  return lines.join("\n");
}
