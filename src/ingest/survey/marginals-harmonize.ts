import { CensusError } from "../../errors.ts";
import { nearest } from "../../nearest.ts";
import type { Question } from "../codebook/codebook.ts";
import type { IngestIssue } from "../ingest-issue.ts";
import { labelKey } from "../label.ts";
import type { Marginal } from "./summary-workbook.ts";

/** A marginal's codebook ids: for a matrix, item_id is the canonical option and option_id the level. */
export interface MarginalIds {
  question_id: string | null;
  option_id: string | null;
  item_id: string | null;
}
export interface MarginalsContext {
  source: string;
  file: string;
  wave: 1 | 2;
  /** The codebook year the workbook answers (its survey file's year). */
  year: number;
}
export interface HarmonizedMarginals {
  /** One per marginal, in the same order. */
  harmonised: MarginalIds[];
  issues: IngestIssue[];
}

const resolve = (q: Question, label: string) =>
  q.optionByKey.get(labelKey(label).replace(/\?$/, ""));
const texts = (question: string | string[]) => (Array.isArray(question) ? question : [question]);

/** Which codebook question each sheet question (labelKey of A2) is; an unmatched mapping is a codebook error. */
function mapSheets(marginals: Marginal[], questions: Question[], ctx: MarginalsContext) {
  const year = String(ctx.year);
  const asked = [...new Set(marginals.map((m) => m.question))];
  const keys = new Set(asked.map(labelKey));
  const bySheetQuestion = new Map<string, Question>();
  const problems: string[] = [];
  for (const q of questions) {
    const mapping = q.years[year];
    // A question without `part` is asked in both waves (the demographics).
    if (!mapping || (mapping.part !== undefined && mapping.part !== ctx.wave)) continue;
    for (const text of texts(mapping.question)) {
      const key = labelKey(text);
      const other = bySheetQuestion.get(key);
      if (!keys.has(key)) {
        const near = nearest(text, asked).map((n) => `"${n}"`);
        problems.push(
          `${q.file}, years.${year}: no sheet of ${ctx.file} asks "${text}". Nearest questions: ${near.join(", ")}.`,
        );
      } else if (other) problems.push(`${q.file}: "${text}" is claimed by ${other.id} too.`);
      else bySheetQuestion.set(key, q);
    }
  }
  if (problems.length)
    throw new CensusError(`The codebook does not fit ${ctx.file}:\n  ${problems.join("\n  ")}`);
  return bySheetQuestion;
}

/**
 * Gives each 2021 marginal its codebook question, option and (matrix) item. A sheet no codebook
 * question maps stays unharmonised; an item, option or level the codebook cannot place becomes
 * one issue per sheet and label, and leaves that marginal's option and item ids empty.
 */
export function harmonizeMarginals(
  marginals: Marginal[],
  questions: Question[],
  ctx: MarginalsContext,
): HarmonizedMarginals {
  const bySheetQuestion = mapSheets(marginals, questions, ctx);
  const issues: IngestIssue[] = [];
  const reported = new Set<string>();
  // One issue per sheet and label, at the first value printed under it.
  const unplaced = (m: Marginal, field: string, label: string, reason: string) => {
    const key = `${m.sheet}\u0000${field}\u0000${label}`;
    if (reported.has(key)) return;
    reported.add(key);
    issues.push({
      source: ctx.source,
      file: ctx.file,
      row: `${m.sheet}!${m.row}`,
      column: field,
      value: label,
      reason,
    });
  };
  const harmonised = marginals.map((m): MarginalIds => {
    const q = bySheetQuestion.get(labelKey(m.question));
    if (!q) return { question_id: null, option_id: null, item_id: null };
    const none = { question_id: q.id, option_id: null, item_id: null };
    const excluded = new Set((q.years[String(ctx.year)]!.exclude ?? []).map(labelKey));
    if (excluded.has(labelKey(m.item ?? m.option))) return { ...none, question_id: null };
    if (q.type !== "matrix") {
      if (m.item !== null) {
        unplaced(m, "item", m.item, `a matrix row, but ${q.id} is a ${q.type} question`);
        return none;
      }
      const option = resolve(q, m.option);
      if (option) return { ...none, option_id: option };
      unplaced(m, "option", m.option, `"${m.option}" is not an option of ${q.id} in the codebook`);
      return none;
    }
    const item = m.item === null ? undefined : resolve(q, m.item);
    const level = q.levelByKey.get(labelKey(m.option));
    if (!item)
      unplaced(
        m,
        "item",
        m.item ?? "",
        m.item === null
          ? `no matrix row label above the block, but ${q.id} is a matrix question`
          : `"${m.item}" is not an option (matrix row) of ${q.id} in the codebook`,
      );
    if (!level)
      unplaced(
        m,
        "option",
        m.option,
        `"${m.option}" is not a level of ${q.id} (${[...new Set(q.levelByKey.values())].join(", ")})`,
      );
    // Half a placement would let the level be counted under no row, or the row under no level.
    return item && level ? { question_id: q.id, option_id: level, item_id: item } : none;
  });
  return { harmonised, issues };
}
