/**
 * The SPSS syntax (.sps) that reads the labelled export's CSV and labels it: GET DATA, VARIABLE
 * LABELS, VALUE LABELS, MRSETS, measurement levels. Checked with GNU PSPP where it is installed
 * (test/export/labelled-syntax-run.test.ts).
 */
import type { LabelledLayout, LabelledVariable } from "./labelled-variables.ts";
import { cutBytes, oneLine } from "./labelled-text.ts";

/** SPSS's limits, in bytes of the UTF-8 text: variable labels 256, value labels 120. */
export const SPSS_VARIABLE_LABEL_BYTES = 256;
export const SPSS_VALUE_LABEL_BYTES = 120;
/** A literal longer than this is split into pieces joined with +, so no line grows too long. */
const PIECE = 60;

/**
 * A label as an SPSS string literal: one line, apostrophes doubled inside single quotes, cut to
 * `maxBytes`, and a long one split into 'pieces' + 'joined' on continuation lines.
 */
export function spssString(text: string, maxBytes = SPSS_VARIABLE_LABEL_BYTES): string {
  const chars = [...cutBytes(oneLine(text), maxBytes)];
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += PIECE) pieces.push(chars.slice(i, i + PIECE).join(""));
  if (pieces.length === 0) pieces.push("");
  return pieces.map((p) => `'${p.replace(/'/g, "''")}'`).join(" +\n    ");
}

function format(v: LabelledVariable): string {
  switch (v.type) {
    case "DOUBLE":
      return "F20.12";
    case "TIMESTAMP":
      // why: read as text (2022-09-19 10:31:00): SPSS's date-time input formats vary by version
      return "A19";
    default:
      return "F8.0";
  }
}

/** The .sps for `csvFile` (a file name, read from SPSS's working directory). */
export function spssSyntax(layout: LabelledLayout, csvFile: string, header: string[]): string {
  const lines: string[] = [
    "* Encoding: UTF-8.",
    ...header.map((h) => `* ${oneLine(h).replace(/\.$/, "")}.`),
    `* Set the working directory to the folder holding ${csvFile} first (CD 'folder'.).`,
    "",
    "GET DATA",
    "  /TYPE=TXT",
    `  /FILE=${spssString(csvFile)}`,
    "  /ENCODING='UTF8'",
    "  /ARRANGEMENT=DELIMITED",
    "  /DELCASE=LINE",
    "  /FIRSTCASE=2",
    `  /DELIMITERS=","`,
    `  /QUALIFIER='"'`,
    "  /VARIABLES=",
    ...layout.variables.map((v) => `    ${v.name} ${format(v)}`),
    ".",
    `DATASET NAME respondents_${layout.year}.`,
    "",
    "VARIABLE LABELS",
    layout.variables.map((v) => `  ${v.name} ${spssString(v.label)}`).join("\n  /") + ".",
    "",
  ];
  const labelled = layout.variables.filter((v) => v.values?.length);
  if (labelled.length) {
    lines.push("VALUE LABELS");
    lines.push(
      labelled
        .map(
          (v) =>
            `  ${v.name}\n` +
            v
              .values!.map((l) => `    ${l.code} ${spssString(l.label, SPSS_VALUE_LABEL_BYTES)}`)
              .join("\n"),
        )
        .join("\n  /") + ".",
      "",
    );
  }
  if (layout.mrsets.length) {
    lines.push("MRSETS");
    for (const set of layout.mrsets)
      lines.push(
        `  /MDGROUP NAME=$${set.name} LABEL=${spssString(set.label)}\n` +
          `    CATEGORYLABELS=COUNTEDVALUES VALUE=${set.counted}\n` +
          `    VARIABLES=${wrap(set.variables, "      ")}`,
      );
    lines.push(".", "");
  }
  const nominal = layout.variables.filter((v) => v.kind === "coded" || v.kind === "indicator");
  const scale = layout.variables.filter((v) => v.kind === "number" || v.kind === "weight");
  const levels: string[] = [];
  if (nominal.length)
    levels.push(
      `${wrap(
        nominal.map((v) => v.name),
        "    ",
      )} (NOMINAL)`,
    );
  if (scale.length)
    levels.push(
      `${wrap(
        scale.map((v) => v.name),
        "    ",
      )} (SCALE)`,
    );
  if (levels.length) lines.push(`VARIABLE LEVEL ${levels.join("\n  /")}.`, "");
  if (layout.variables.some((v) => v.kind === "weight"))
    lines.push(
      "* SPSS's WEIGHT treats weights as frequencies: fine for shares, not for tests or intervals.",
      "* Complex Samples (CSPLAN with weight) or R's survey package use them as sampling weights.",
      "WEIGHT BY weight.",
      "",
    );
  lines.push("EXECUTE.", "");
  return lines.join("\n");
}

/** Names on lines of a few each, so a set of 100 variables stays readable. */
function wrap(names: string[], indent: string): string {
  const rows: string[] = [];
  for (let i = 0; i < names.length; i += 6) rows.push(names.slice(i, i + 6).join(" "));
  return rows.join(`\n${indent}`);
}
