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

/** Where a year's list of options comes from: its own columns, its code frame, or the codebook. */
export type OfferedOrigin = "column" | "code frame" | "codebook";

/** An option a year's export offered for a question, chosen or not. */
export interface Offered {
  question: string;
  option: string;
  origin: OfferedOrigin;
}

/** A column whose header does not name a codebook option (2018/2019's "Response", 1H 2020's `#NAME?`). */
const headerless = (q: Question, column: SurveyColumn) =>
  column.option !== "" &&
  (column.kind === "response" ||
    (column.kind === "option" && q.type !== "matrix" && !resolve(q, column.option)));

/**
 * What each mapped question offered in this export, never read from the answers given: an option
 * column offers its option, an "Other" box offers Other; a one-column question offers what its code
 * frame lists (coded exports) or what the codebook lists for that year. A one-column question with
 * neither is a codebook error: without its list, an answer could not be told from a typed one.
 */
function offeredOptions(
  mapped: Map<number, Question>,
  columns: SurveyColumn[],
  ctx: ExportContext,
): { offered: Offered[]; lists: Map<string, Set<string>> } {
  const lists = new Map<string, Map<string, OfferedOrigin>>();
  const add = (q: Question, option: string | undefined, origin: OfferedOrigin) => {
    if (!option) return;
    if (!lists.has(q.id)) lists.set(q.id, new Map());
    if (!lists.get(q.id)!.has(option)) lists.get(q.id)!.set(option, origin);
  };
  const problems: string[] = [];
  for (const [position, q] of mapped) {
    const column = columns[position]!;
    if (q.type === "free_text" || column.kind === "open") continue;
    if (column.option === "") continue; // a column with no header offers nothing (2022's last two)
    if (column.kind === "other") add(q, OTHER, "column");
    else if (!headerless(q, column))
      add(
        q,
        resolve(q, q.type === "matrix" ? matrixOption(q, column.option) : column.option),
        "column",
      );
    else if (column.listed) {
      for (const label of column.listed) {
        const option = resolve(q, label);
        if (option) add(q, option, "code frame");
        else
          problems.push(
            `${q.file}: "${label}" (the code frame of column ${position + 1}) is not one of its options or aliases`,
          );
      }
    } else {
      const listed = q.years[String(ctx.year)]?.offered;
      if (!listed) {
        problems.push(
          `${q.file}: years.${ctx.year} needs "offered", the options of its one-column question in ${ctx.file} (column ${position + 1})`,
        );
        continue;
      }
      for (const label of listed) add(q, resolve(q, label), "codebook");
    }
  }
  if (problems.length)
    throw new CensusError(`The codebook does not fit ${ctx.file}:\n  ${problems.join("\n  ")}`);
  const offered = [...lists].flatMap(([question, options]) =>
    [...options].map(([option, origin]) => ({ question, option, origin })),
  );
  return {
    offered,
    lists: new Map([...lists].map(([id, options]) => [id, new Set(options.keys())])),
  };
}

function place(q: Question, column: SurveyColumn, text: string, offered: Set<string>): Placement {
  if (q.type === "free_text" || column.kind === "open") return { free: true };
  if (column.kind === "other") {
    // Typed text stays Other, whatever it names: counting "GitLab" typed in 2018 as the GitLab
    // option a later year listed would make growth out of a new list. The text is kept as free
    // text; the answer records that the box was filled (for a matrix, its "Other or None" box),
    // which the book's universes count as answering the question.
    return { option: OTHER, value: null, free: true };
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
  if (headerless(q, column)) {
    // One column holds the chosen label: it must be one the year offered.
    const option = resolve(q, text);
    if (!option) return { issue: `"${text}" is not an answer of ${q.id} in the codebook` };
    return offered.has(option)
      ? { option, value: null }
      : { issue: `"${text}" is an answer of ${q.id} that this year's list does not offer` };
  }
  // An option column: its header names the option, and a selected cell repeats it (maybe mangled
  // the same way, "Oct-49"). Anything else is not a selection: a row the layout repair missed
  // would show here, as an issue, instead of being read as another option.
  const option = resolve(q, column.option);
  if (!option)
    return { issue: `a value in column "${column.option}", which names no option of ${q.id}` };
  if (labelKey(text) !== labelKey(column.option) && resolve(q, text) !== option)
    return { issue: `"${text}" is not the option of its column "${column.option}" (${q.id})` };
  return { option, value: null };
}

/** Where harmonised rows go: arrays in tests, the database's appenders in the ingest. */
export interface AnswerSink {
  answer(a: Answer): void;
  freeText(f: FreeText): void;
}

/**
 * A string of its own. why: a value cut from a piece of the export's text keeps that whole piece
 * alive in V8; the memo and issues outlive the piece, and at 50× an export streams in thousands.
 */
const own = (text: string) => Buffer.from(text).toString();

/**
 * Turns an export's answer rows, one at a time, into harmonised answers, free text and issues:
 * the columns are mapped once, then each row is placed as it is read, so no whole-file array of
 * answers is needed.
 */
export class Harmonizer {
  readonly issues: IngestIssue[] = [];
  /** Non-empty cells in columns the codebook maps: what the issue rate is measured against. */
  mappedCells = 0;
  /** position → codebook question id, for the columns table. */
  readonly questionOf: Map<number, string>;
  /** position → the canonical option an option or "Other" column stands for. */
  readonly optionOf = new Map<number, string>();
  /** Every option each mapped question offered in this export (chosen or not). */
  readonly offered: Offered[];
  private readonly mapped: Map<number, Question>;
  private readonly lists: Map<string, Set<string>>;
  private readonly memo = new Map<number, Map<string, { placed: Placement | null }>>();
  private readonly noList = new Set<string>();

  constructor(
    private readonly columns: SurveyColumn[],
    questions: Question[],
    private readonly ctx: ExportContext,
  ) {
    this.mapped = mapColumns(columns, questions, ctx);
    ({ offered: this.offered, lists: this.lists } = offeredOptions(this.mapped, columns, ctx));
    this.questionOf = new Map([...this.mapped].map(([p, q]) => [p, q.id]));
    // why: placing a cell normalises its text and resolves labels through the codebook, and a
    // column's cells repeat a handful of texts (its option, a level, a list's labels): placing each
    // (column, text) once roughly halved this loop on 2018's 2,401 rows. Free text is
    // placed without the codebook and is mostly unique, so it is not kept.
    for (const [position, q] of this.mapped) {
      this.memo.set(position, new Map());
      const column = columns[position]!;
      const option =
        column.kind === "other"
          ? OTHER
          : column.kind === "option"
            ? resolve(q, q.type === "matrix" ? matrixOption(q, column.option) : column.option)
            : undefined;
      if (option) this.optionOf.set(position, option);
    }
  }

  /** Places one answer row (`index` from 0) into `out`; what cannot be placed becomes an issue. */
  row(row: string[], index: number, out: AnswerSink): void {
    const respondent = index + 1;
    const seen = new Set<string>();
    for (const [position, q] of this.mapped) {
      const raw = row[position] ?? "";
      if (raw === "") continue;
      const column = this.columns[position]!;
      const known = this.memo.get(position)!;
      let hit = known.get(raw);
      if (!hit) {
        const text = normalizeLabel(raw);
        hit = {
          placed: text === "" ? null : place(q, column, text, this.lists.get(q.id) ?? this.noList),
        };
        if (!(hit.placed && "free" in hit.placed && hit.placed.free)) known.set(own(raw), hit);
      }
      const placed = hit.placed;
      if (!placed) continue;
      this.mappedCells++;
      if ("issue" in placed) {
        this.issues.push({
          source: this.ctx.source,
          file: this.ctx.file,
          row: String(index + (this.ctx.headerRows ?? 2) + 1),
          column: `${position + 1}: ${column.option}`,
          value: own(raw),
          reason: placed.issue,
        });
        continue;
      }
      if (placed.free) out.freeText({ respondent, question: q.id, position, text: raw });
      if ("option" in placed) {
        const key = `${q.id}\u0000${placed.option}\u0000${placed.value}`;
        if (!seen.has(key))
          out.answer({ respondent, question: q.id, option: placed.option, value: placed.value });
        seen.add(key);
      }
    }
  }
}
