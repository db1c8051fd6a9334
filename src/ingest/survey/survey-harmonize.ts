import { CensusError } from "../../errors.ts";
import { nearest } from "../../nearest.ts";
import type { Question } from "../codebook/codebook.ts";
import type { IngestIssue } from "../ingest-issue.ts";
import { labelKey, normalizeLabel } from "../label.ts";
import type { SurveyColumn } from "./survey-columns.ts";

/** The label every year's "Other (please specify)" column is harmonised to. */
export const OTHER = "Other (please specify)";

export interface Answer {
  respondent: number;
  question: string;
  option: string;
  /** The matrix level ("Using in production", …); null for single and multi questions. */
  value: string | null;
}
export interface FreeText {
  respondent: number;
  question: string;
  position: number;
  text: string;
}
export interface Harmonized {
  answers: Answer[];
  freeText: FreeText[];
  issues: IngestIssue[];
  /** Non-empty cells in columns the codebook maps: what the issue rate is measured against. */
  mappedCells: number;
  /** position → codebook question id, for the columns table. */
  questionOf: Map<number, string>;
  /** position → the canonical option an option or "Other" column stands for (what the year offered). */
  optionOf: Map<number, string>;
}
export interface ExportContext {
  source: string;
  file: string;
  year: number;
  /** Spreadsheet rows above the first answer row (2 unless said otherwise), for issue row numbers. */
  headerRows?: number;
}

type Placement =
  { option: string; value: string | null; free?: boolean } | { free: true } | { issue: string };

/** Finds each codebook question's columns in this export; an unmatched mapping is a codebook error. */
export function mapColumns(
  columns: SurveyColumn[],
  questions: Question[],
  ctx: ExportContext,
): Map<number, Question> {
  const byPosition = new Map<number, Question>();
  const problems: string[] = [];
  for (const q of questions) {
    const mapping = q.years[String(ctx.year)];
    if (!mapping) continue;
    const texts = (Array.isArray(mapping.question) ? mapping.question : [mapping.question]).map(
      labelKey,
    );
    const excluded = new Set((mapping.exclude ?? []).map(labelKey));
    for (const [i, text] of texts.entries()) {
      const block = columns.filter(
        (c) =>
          labelKey(c.question) === text &&
          (mapping.occurrence === undefined || c.occurrence === mapping.occurrence),
      );
      if (block.length === 0) {
        const asked = Array.isArray(mapping.question) ? mapping.question[i]! : mapping.question;
        const near = nearest(
          asked,
          columns.map((c) => c.question),
        ).map((n) => `"${n}"`);
        problems.push(
          `${q.file}, years.${ctx.year}: no column of ${ctx.file} asks "${asked}". Nearest questions: ${near.join(", ")}.`,
        );
        continue;
      }
      for (const c of block) {
        if (excluded.has(labelKey(c.option))) continue;
        const other = byPosition.get(c.position);
        if (other)
          problems.push(
            `${q.file}: column ${c.position + 1} of ${ctx.file} is claimed by ${other.id} too.`,
          );
        byPosition.set(c.position, q);
      }
    }
  }
  if (problems.length)
    throw new CensusError(`The codebook does not fit ${ctx.file}:\n  ${problems.join("\n  ")}`);
  return byPosition;
}

const resolve = (q: Question, label: string) =>
  q.optionByKey.get(labelKey(label).replace(/\?$/, ""));

/** Splits 1H 2020's matrix header "Kubernetes - Using in production" into option and level. */
function matrixOption(q: Question, header: string): string {
  const cut = header.lastIndexOf(" - ");
  if (cut > 0 && q.levelByKey.has(labelKey(header.slice(cut + 3)))) return header.slice(0, cut);
  return header;
}

function place(q: Question, column: SurveyColumn, text: string): Placement {
  if (q.type === "free_text" || column.kind === "open") return { free: true };
  if (column.kind === "other") {
    // The typed text is kept as free text; the answer records that the box was filled (for a
    // matrix, its "Other or None" box), which the book's universes count as answering the question.
    // A 2018 row shifted by one can carry a listed option in the "Other" cell.
    const shifted = q.type === "multi" ? resolve(q, text) : undefined;
    return shifted && shifted !== OTHER
      ? { option: shifted, value: null }
      : { option: OTHER, value: null, free: true };
  }
  if (q.type === "matrix") {
    const option = resolve(q, matrixOption(q, column.option));
    if (!option)
      return { issue: `matrix row "${column.option}" is not an option of ${q.id} in the codebook` };
    const level =
      q.levelByKey.get(labelKey(text).replace(/\?$/, "")) ?? q.levelByKey.get(labelKey(text));
    return level
      ? { option, value: level }
      : {
          issue: `"${text}" is not a level of ${q.id} (${[...new Set(q.levelByKey.values())].join(", ")})`,
        };
  }
  if (column.kind === "response") {
    const option = resolve(q, text);
    return option
      ? { option, value: null }
      : { issue: `"${text}" is not an answer of ${q.id} in the codebook` };
  }
  // An option column: the header names the option; 2018's shifted rows hold another option's text.
  if (q.type === "multi" && labelKey(text) !== labelKey(column.option)) {
    const shifted = resolve(q, text);
    return shifted
      ? { option: shifted, value: null }
      : { issue: `"${text}" is not an option of ${q.id} (column "${column.option}")` };
  }
  const option = resolve(q, column.option);
  if (!option)
    return { issue: `column "${column.option}" is not an option of ${q.id} in the codebook` };
  // A single-choice question spread over one column per option (1H 2020): a cell holds its
  // column's label (maybe mangled the same way, "Oct-49"); anything else is not a selection.
  if (labelKey(text) !== labelKey(column.option) && resolve(q, text) !== option)
    return { issue: `"${text}" is not the option of its column "${column.option}" (${q.id})` };
  return { option, value: null };
}

/** Turns an export's answer rows into harmonised answers, free text and issues. */
export function harmonize(
  columns: SurveyColumn[],
  rows: string[][],
  questions: Question[],
  ctx: ExportContext,
): Harmonized {
  const mapped = mapColumns(columns, questions, ctx);
  const answers: Answer[] = [];
  const freeText: FreeText[] = [];
  const issues: IngestIssue[] = [];
  let mappedCells = 0;
  rows.forEach((row, index) => {
    const respondent = index + 1;
    const seen = new Set<string>();
    for (const [position, q] of mapped) {
      const raw = row[position] ?? "";
      const text = normalizeLabel(raw);
      if (text === "") continue;
      mappedCells++;
      const column = columns[position]!;
      const placed = place(q, column, text);
      if ("issue" in placed) {
        issues.push({
          source: ctx.source,
          file: ctx.file,
          row: String(index + (ctx.headerRows ?? 2) + 1),
          column: `${position + 1}: ${column.option}`,
          value: raw,
          reason: placed.issue,
        });
        continue;
      }
      if (placed.free) freeText.push({ respondent, question: q.id, position, text: raw });
      if ("option" in placed) {
        const key = `${q.id}\u0000${placed.option}\u0000${placed.value}`;
        if (!seen.has(key))
          answers.push({ respondent, question: q.id, option: placed.option, value: placed.value });
        seen.add(key);
      }
    }
  });
  const optionOf = new Map<number, string>();
  for (const [position, q] of mapped) {
    const column = columns[position]!;
    const option =
      column.kind === "other"
        ? OTHER
        : column.kind === "option"
          ? resolve(q, q.type === "matrix" ? matrixOption(q, column.option) : column.option)
          : undefined;
    if (option) optionOf.set(position, option);
  }
  return {
    answers,
    freeText,
    issues,
    mappedCells,
    questionOf: new Map([...mapped].map(([p, q]) => [p, q.id])),
    optionOf,
  };
}
