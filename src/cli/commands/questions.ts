import { z } from "zod";
import { coverage } from "../../survey/coverage.ts";
import { codebookYears, questions, type QuestionRow } from "../../survey/questions.ts";
import { openDatabase } from "../../db/open.ts";
import { CensusError, echoed } from "../../errors.ts";
import { render, terminalText, toCsv, toTable, type OutputFormat } from "../../render/output.ts";

/** What `kube-census questions` shows. */
export interface QuestionsOptions {
  year?: number;
  search?: string;
  /** Instead of the questions: per export, closed questions asked vs mapped. */
  coverage?: boolean;
}

// The flags as parseArgs returns them (main.ts parses only this command's; --format and --help are
// its own business and are stripped here).
const Flags = z.object({
  year: z
    .string()
    .trim()
    .regex(/^\d{4}$/, "must be a survey year such as 2019")
    .transform(Number)
    .optional(),
  search: z.string().trim().min(1, "is empty").optional(),
  coverage: z.boolean().optional(),
});

const usage = (message: string) => new CensusError(`questions: ${message}`, 2);

/** Normalises the loose values of parseArgs into QuestionsOptions. */
export function questionsOptions(
  values: Record<string, unknown>,
  positionals: string[] = [],
): QuestionsOptions {
  const parsed = Flags.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]);
    throw usage(`--${key} ${issue.message} (got ${JSON.stringify(values[key])}).`);
  }
  if (positionals.length) throw usage(`unexpected argument ${JSON.stringify(positionals[0])}.`);
  const { year, search, coverage: cov } = parsed.data;
  if (cov && (year !== undefined || search !== undefined))
    throw usage("--coverage covers every export; drop --year and --search.");
  return {
    ...(year !== undefined && { year }),
    ...(search !== undefined && { search }),
    ...(cov && { coverage: true }),
  };
}

const TABLE = ["id", "label", "type", "years", "options", "nets"];

// render() takes plain records (an interface has no index signature).
const records = (rows: object[]): Record<string, unknown>[] => rows.map((r) => ({ ...r }));

// Table and CSV hold one line per question: years as text, the option list only in JSON.
// why: a net's name is what --net and --where take; its members are in JSON
const flat = (q: QuestionRow) => ({
  ...q,
  years: q.years.join(", "),
  nets: q.nets.map((n) => n.name).join("; "),
});

const COVERAGE_TABLE = [
  "source",
  "period",
  "closed_questions",
  "mapped",
  "coverage",
  "unmapped_columns",
];

async function runCoverage(
  conn: Parameters<typeof coverage>[0],
  format: OutputFormat,
): Promise<void> {
  const rows = await coverage(conn);
  if (format === "json") return void process.stdout.write(render(records(rows), "json"));
  if (format === "csv") return void process.stdout.write(toCsv(records(rows), COVERAGE_TABLE));
  const shown = rows.map((r) => ({ ...r, coverage: `${r.coverage.toFixed(1)}%` }));
  process.stdout.write(toTable(shown, COVERAGE_TABLE));
}

/**
 * `kube-census questions`: the codebook's questions (filtered by --year and --search), or with
 * --coverage how many closed questions of each export it maps. `databasePath` is for tests.
 */
export async function run(
  opts: QuestionsOptions,
  format: OutputFormat,
  databasePath?: string,
): Promise<void> {
  const db = await openDatabase(databasePath);
  try {
    if (opts.coverage) return await runCoverage(db.conn, format);
    if (opts.year !== undefined) {
      const years = await codebookYears(db.conn);
      if (!years.includes(opts.year))
        throw usage(`no survey year ${opts.year} in the codebook; years: ${years.join(", ")}.`);
    }
    const rows = await questions(db.conn, opts);
    if (format === "json") process.stdout.write(render(records(rows), "json"));
    else if (format === "csv") process.stdout.write(toCsv(rows.map(flat), TABLE));
    else if (rows.length === 0) {
      const given = [
        opts.year !== undefined && `--year ${opts.year}`,
        opts.search !== undefined && `--search ${JSON.stringify(echoed(opts.search))}`,
      ].filter(Boolean);
      process.stderr.write(`no question matches ${terminalText(given.join(" "))}\n`);
    } else process.stdout.write(toTable(rows.map(flat), TABLE));
  } finally {
    db.close();
  }
}
