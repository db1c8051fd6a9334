import { normalizeLabel } from "../label.ts";
import type { ExportTable } from "./survey-csv.ts";

/** How a column's cells are read. */
export type ColumnKind = "response" | "option" | "other" | "open";

export interface SurveyColumn {
  position: number;
  /** The question, carried forward from the first column of its block. */
  question: string;
  /** Which block with this question text (1, 2, …): 2018 asks "What title…" twice. */
  occurrence: number;
  option: string;
  kind: ColumnKind;
  /** A one-column question of a coded export: the labels its code frame lists (what was offered). */
  listed?: string[];
}

function kindOf(option: string): ColumnKind {
  if (option === "Response") return "response";
  // 2019's projects matrix asks to 'Type "none"…' in a text box: typed, so free text.
  if (option === "Open-Ended Response" || /^type "none"/i.test(option)) return "open";
  // "Other (please specify)", "… or enter None", and the matrices' "Other or None (please specify)".
  if (/^other\b.*\(please specify\)/i.test(option)) return "other";
  return "option";
}

/** Describes every column of an export: the question it belongs to and its option label. */
export function describeColumns(table: ExportTable): SurveyColumn[] {
  const seen = new Map<string, number>();
  let question = "";
  let occurrence = 0;
  return table.options.map((raw, position) => {
    const asked = normalizeLabel(table.questions[position] ?? "");
    if (asked) {
      question = asked;
      occurrence = (seen.get(asked) ?? 0) + 1;
      seen.set(asked, occurrence);
    }
    // A question's lone column with no option label is its single answer column (2018's last question).
    const option = normalizeLabel(raw) || (asked ? "Response" : "");
    const listed = table.listed?.[position];
    return {
      position,
      question,
      occurrence,
      option,
      kind: kindOf(option),
      ...(listed && { listed }),
    };
  });
}
