import type { DuckDBConnection } from "@duckdb/node-api";
import {
  CROSSTAB_BREAKS_SQL,
  CROSSTAB_UNIVERSES,
  crosstabScope,
  crosstabPanels,
  storedBreak,
  type CrosstabUniverse,
} from "../survey/crosstab.ts";
import { loadNets, loadQuestions, matrixLevels } from "../survey/crosstab-codebook.ts";
import { surveyPeriods } from "../survey/periods.ts";
import { K8S_USERS } from "../survey/universes.ts";
import { queryRows } from "../db/open.ts";
import type { ExplorerMeta, ExplorerQuestion } from "./explorer-format.ts";
import { readWeightings, weightingsData, type WeightingDefinition } from "./weightings.ts";
import {
  breakTuple,
  FLAG_COMMUNITY,
  FLAG_K8S_USER,
  FLAG_PANEL,
  writeVarints,
} from "./explorer-format.ts";

// why: the published samples only, numbered once so every question's rows can name a respondent
// by one small integer (ordered by year, so a year is a contiguous range of numbers)
const SAMPLE = `sample AS (
  SELECT year, respondent, panel, (row_number() OVER (ORDER BY year, respondent) - 1)::INTEGER AS idx
  FROM respondents WHERE excluded IS NULL
)`;

// why: as the cross-tab's `positions`: a question's first position in each year's export
const POSITIONS_SQL = `
SELECT year, question_id AS question, min(position)::INTEGER AS at FROM survey_columns
WHERE question_id IS NOT NULL GROUP BY ALL`;

// why: as the cross-tab's `reached`: a respondent reached every question at or before the
// furthest one they answered, so one number per respondent decides it for every question
const RESPONDENTS_SQL = `
WITH ${K8S_USERS}, ${SAMPLE}, positions AS (${POSITIONS_SQL}),
reach AS (
  SELECT a.year, a.respondent, max(p.at) AS reach FROM answers a
  JOIN positions p ON p.year = a.year AND p.question = a.question
  GROUP BY ALL
)
SELECT s.idx, s.year, s.respondent, s.panel, k.respondent IS NOT NULL AS k8s_user, r.reach
FROM sample s LEFT JOIN k8s_users k USING (year, respondent) LEFT JOIN reach r USING (year, respondent)
ORDER BY s.idx`;

// Closed answers only: `answers` holds options and levels; typed text stays in free_text, unread.
const ANSWERS_SQL = `
WITH ${SAMPLE}
SELECT a.question, a.option, a.value AS level, list(s.idx ORDER BY s.idx) AS idx
FROM answers a JOIN sample s USING (year, respondent)
GROUP BY ALL ORDER BY ALL`;

// why: as the cross-tab's `offered`: the options each year's export offered, as far as the
// codebook lists them
const OFFERED_SQL = `
SELECT o.question, o.year, list(DISTINCT o.option) AS options FROM survey_offered o
JOIN codebook_options co ON co.question = o.question AND co.option = o.option
GROUP BY ALL`;

const ROUTING_SQL = `
SELECT question, year, filter_question, skipped_options FROM question_routing ORDER BY ALL`;

// why: as the cross-tab's `levels`: a matrix's levels are those answered that year
const LEVELS_SQL = `
SELECT question, year, list(DISTINCT value) AS levels FROM answers
WHERE value IS NOT NULL GROUP BY ALL`;

// why: as the cross-tab's overlap check: a "single" question answered twice by one respondent
const OVERLAPS_SQL = `
SELECT question, year, count(*)::INTEGER AS respondents FROM (
  SELECT year, respondent, question FROM answers GROUP BY ALL HAVING count(*) > 1
) GROUP BY ALL`;

// why: the source line of the explorer's images names the exports its numbers come from
const SOURCES_SQL = `
SELECT ss.year, s.file, s."commit", s.license FROM survey_sources ss JOIN sources s ON s.id = ss.source
ORDER BY ss.year, s.file`;

/** The two files of the explorer: the codebook and layout as JSON, the answers as bytes. */
export interface ExplorerFiles {
  meta: ExplorerMeta;
  answers: Uint8Array;
}

/** Appends an option or level to a question's dictionary once; returns its code. */
function coder(known: string[]) {
  const codes = new Map(known.map((x, i) => [x, i]));
  const extra: string[] = [];
  return {
    extra,
    code(x: string): number {
      if (!codes.has(x)) {
        codes.set(x, known.length + extra.length);
        extra.push(x);
      }
      return codes.get(x)!;
    },
  };
}

/**
 * The explorer's respondent-level data: every respondent of the published samples (year, panel,
 * Kubernetes-user flag, how far into the export they got) and their closed answers, integer-coded
 * per question, with the codebook, what each year offered, where each question sits, the routing
 * the data showed, the stored breaks and the panel's share. No free text is read.
 */
export async function explorerSiteData(
  conn: DuckDBConnection,
  weightings?: WeightingDefinition[],
): Promise<ExplorerFiles> {
  const people = await queryRows(conn, RESPONDENTS_SQL);
  const years = [...new Set(people.map((p) => Number(p.year)))].sort((a, b) => a - b);
  const flags = new Uint8Array(people.length);
  const yearCodes = new Uint8Array(people.length);
  const reach: number[] = [];
  people.forEach((p, i) => {
    if (Number(p.idx) !== i) throw new Error("explorer data: respondents out of order");
    reach.push(p.reach === null ? 0 : Number(p.reach) + 1);
    yearCodes[i] = years.indexOf(Number(p.year));
    flags[i] =
      (p.k8s_user ? FLAG_K8S_USER : 0) |
      (p.panel === true ? FLAG_PANEL : p.panel === false ? FLAG_COMMUNITY : 0);
  });

  const codebook = await loadQuestions(conn);
  const standardNets = await loadNets(conn);
  const byQuestion = <T>(
    rows: Record<string, unknown>[],
    value: (r: Record<string, unknown>) => T,
  ) => {
    const out = new Map<string, Record<string, T>>();
    for (const r of rows) {
      const q = String(r.question);
      if (!out.has(q)) out.set(q, {});
      out.get(q)![String(r.year)] = value(r);
    }
    return out;
  };
  const offered = byQuestion(await queryRows(conn, OFFERED_SQL), (r) =>
    (r.options as string[]).map(String),
  );
  const levels = byQuestion(await queryRows(conn, LEVELS_SQL), (r) =>
    (r.levels as string[]).map(String),
  );
  const overlaps = byQuestion(await queryRows(conn, OVERLAPS_SQL), (r) => Number(r.respondents));
  const positions = byQuestion(await queryRows(conn, POSITIONS_SQL), (r) => Number(r.at));
  const answers = await queryRows(conn, ANSWERS_SQL);

  const questions: ExplorerQuestion[] = [];
  const reachBytes = writeVarints(reach);
  const chunks: Uint8Array[] = [yearCodes, flags, reachBytes];
  let offset = yearCodes.length + flags.length + reachBytes.length;
  for (const q of codebook.values()) {
    if (q.type === "free_text") continue;
    const options = coder(q.options);
    const codebookLevels = q.type === "matrix" ? await matrixLevels(q.id) : [];
    const lvls = coder(codebookLevels);
    const groups: [number, number, number][] = [];
    const stream: number[] = [];
    for (const a of answers.filter((a) => a.question === q.id)) {
      const idx = (a.idx as number[]).map(Number);
      groups.push([
        options.code(String(a.option)),
        a.level === null ? -1 : lvls.code(String(a.level)),
        idx.length,
      ]);
      // why: each group's respondents ascend, so the gaps are small and mostly fit one byte
      idx.forEach((x, i) => stream.push(i === 0 ? x : x - idx[i - 1]!));
    }
    const codeYears = (perYear: Record<string, string[]> | undefined, c: typeof options) =>
      Object.fromEntries(
        Object.entries(perYear ?? {}).map(([y, xs]) => [y, xs.map(c.code).sort((a, b) => a - b)]),
      );
    const bytes = writeVarints(stream);
    questions.push({
      id: q.id,
      label: q.label,
      type: q.type,
      asked: q.asked,
      offered: codeYears(offered.get(q.id), options),
      levels_by_year: codeYears(levels.get(q.id), lvls),
      positions: positions.get(q.id) ?? {},
      options: q.options,
      other_options: options.extra,
      levels: codebookLevels,
      other_levels: lvls.extra,
      overlaps: overlaps.get(q.id) ?? {},
      groups,
      offset,
      bytes: bytes.length,
      // why: a few names and labels (about 2 KB in all); absent on a question without nets
      ...(standardNets.get(q.id)?.length && { nets: standardNets.get(q.id) }),
    });
    chunks.push(bytes);
    offset += bytes.length;
  }
  const periods = await surveyPeriods(conn);
  const sources = (await queryRows(conn, SOURCES_SQL))
    .filter((s) => years.includes(Number(s.year)))
    .map((s) => ({
      year: Number(s.year),
      file: String(s.file),
      commit: String(s.commit),
      license: String(s.license),
    }));
  const kept = new Set(questions.map((q) => q.id));
  // why: only what a cross-tab of these questions can name; a free-text question is never one
  const breaks = (await queryRows(conn, CROSSTAB_BREAKS_SQL))
    .map(storedBreak)
    .filter((b) => kept.has(b.question))
    .map(breakTuple);
  const routing = (await queryRows(conn, ROUTING_SQL)).map((r) => ({
    question: String(r.question),
    year: Number(r.year),
    filter_question: String(r.filter_question),
    skipped_options: (r.skipped_options as string[]).map(String),
  }));
  const panels = await crosstabPanels(conn);
  // why: a year's respondents are numbered contiguously, in respondent order
  const respondentsOf = (year: number) => {
    const first = people.findIndex((p) => Number(p.year) === year);
    const ids = people.filter((p) => Number(p.year) === year).map((p) => Number(p.respondent));
    return { first: Math.max(first, 0), ids };
  };
  const weighted = await weightingsData(
    conn,
    weightings ?? (await readWeightings()),
    respondentsOf,
  );
  const buffer = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    buffer.set(c, at);
    at += c.length;
  }
  return {
    meta: {
      format: 2,
      respondents: people.length,
      reach: reachBytes.length,
      years,
      periods: Object.fromEntries(years.map((y) => [String(y), periods[y] ?? String(y)])),
      sources,
      universes: Object.fromEntries(
        Object.keys(CROSSTAB_UNIVERSES).map((id) => [id, crosstabScope(id as CrosstabUniverse)]),
      ),
      panels,
      routing,
      breaks,
      questions,
      ...(weighted.length && { weightings: weighted }),
    },
    answers: buffer,
  };
}
