/**
 * `crosstab --net`: nets as typed, checked against the codebook. `[question:]name=member,member,…`
 * defines one (members matched as --where matches options; a matrix's members are its levels: a
 * box), `[question:]name` takes the codebook's standard net; without `question:` it is the row
 * question's. `--nets` adds every standard net of the row and banner questions.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { echoed } from "../../errors.ts";
import {
  matrixLevels,
  type CodebookNet,
  type CodebookQuestion,
} from "../../survey/crosstab-codebook.ts";
import { splitMembers, type CrosstabNet } from "../../survey/crosstab-nets.ts";
import { findLabel, question, unknown, usage } from "./crosstab-names.ts";

/** What a net can group: a matrix's levels, any other question's options. */
export const netMembers = async (q: CodebookQuestion) =>
  q.type === "matrix" ? await matrixLevels(q.id) : q.options;

const listed = (nets: CodebookNet[] | undefined) =>
  nets?.length ? nets.map((n) => n.name).join(", ") : "none";

/** One `--net`, resolved against the codebook and its standard nets. */
export async function parseNet(
  text: string,
  questions: Map<string, CodebookQuestion>,
  standard: Map<string, CodebookNet[]>,
  rowQuestion: CodebookQuestion,
): Promise<CrosstabNet> {
  // why: a question id never holds ":", so "org_size:1000+ employees" cannot be read two ways
  const prefix = /^([a-z][a-z0-9_]*):(.*)$/s.exec(text);
  const q = prefix ? question(questions, prefix[1]!, " in --net") : rowQuestion;
  const rest = prefix ? prefix[2]! : text;
  const over = q.type === "matrix" ? "levels" : "options";
  const eq = rest.indexOf("=");
  if (eq < 0) {
    const name = rest.trim();
    const found = standard.get(q.id)?.find((n) => n.name.toLowerCase() === name.toLowerCase());
    if (!found)
      throw usage(
        `--net ${echoed(text)}: ${q.id} has no standard net ${echoed(JSON.stringify(name))} ` +
          `(its standard nets: ${listed(standard.get(q.id))}). Define one: --net "${q.id}:<name>=<${over === "levels" ? "level" : "option"}>,<…>".`,
      );
    return { question: q.id, name: found.name, over, members: found.members, source: "codebook" };
  }
  const name = rest.slice(0, eq).trim();
  if (!name) throw usage(`--net ${echoed(text)}: the net needs a name before "=".`);
  const members = await netMembers(q);
  const what = over === "levels" ? "level" : "option";
  if (findLabel(members, name) !== undefined)
    throw usage(
      `--net ${echoed(text)}: "${echoed(name)}" is already one of ${q.id}'s ${what}s; name the net otherwise.`,
    );
  if (standard.get(q.id)?.some((n) => n.name.toLowerCase() === name.toLowerCase()))
    throw usage(
      `--net ${echoed(text)}: "${echoed(name)}" is a standard net of ${q.id}; use it by name (--net "${name}") or name yours otherwise.`,
    );
  const split = splitMembers(rest.slice(eq + 1), (l) => findLabel(members, l));
  if ("unknown" in split)
    throw unknown(
      `${what} of ${q.id} in --net ${JSON.stringify(echoed(name))}`,
      split.unknown,
      members,
    );
  if (new Set(split.members).size !== split.members.length)
    throw usage(`--net ${echoed(text)}: a ${what} is listed twice.`);
  return { question: q.id, name, over, members: split.members, source: "user" };
}

/** Every net in play: the `--net`s (and with `--nets`, the row's and banner's standard nets). */
export async function resolveNets(
  texts: string[],
  withStandard: boolean,
  questions: Map<string, CodebookQuestion>,
  standard: Map<string, CodebookNet[]>,
  rowQuestion: CodebookQuestion,
  by: CodebookQuestion | "year" | "sample",
): Promise<CrosstabNet[]> {
  const nets: CrosstabNet[] = [];
  if (withStandard)
    for (const q of [rowQuestion, ...(typeof by === "object" ? [by] : [])])
      for (const n of standard.get(q.id) ?? [])
        nets.push({
          question: q.id,
          name: n.name,
          over: q.type === "matrix" ? "levels" : "options",
          members: n.members,
          source: "codebook",
        });
  for (const text of texts) {
    const net = await parseNet(text, questions, standard, rowQuestion);
    if (nets.some((n) => n.question === net.question && n.name === net.name))
      throw usage(`--net ${echoed(text)}: ${net.question} already has a net "${net.name}" here.`);
    nets.push(net);
  }
  return nets;
}

// why: a net's row in a year is the members that year offered; fewer than all is a break
const OFFERED_SQL = `
SELECT year, list(DISTINCT option ORDER BY option) AS options FROM survey_offered
WHERE question = $question AND year IN (SELECT unnest($years)) GROUP BY year`;

/** Fills in, per year, which of each options net's members the year offered. */
export async function offeredMembers(
  conn: DuckDBConnection,
  nets: CrosstabNet[],
  years: number[],
): Promise<CrosstabNet[]> {
  const { INTEGER, LIST, VARCHAR, listValue } = await import("@duckdb/node-api");
  const out: CrosstabNet[] = [];
  for (const net of nets) {
    if (net.over !== "options") {
      out.push(net);
      continue;
    }
    const reader = await conn.runAndReadAll(
      OFFERED_SQL,
      { question: net.question, years: listValue(years) },
      { question: VARCHAR, years: LIST(INTEGER) },
    );
    const byYear = new Map(
      reader.getRowObjectsJS().map((r) => [Number(r.year), (r.options as string[]).map(String)]),
    );
    const offered: Record<number, string[]> = {};
    for (const y of years)
      offered[y] = net.members.filter((m) => byYear.get(y)?.includes(m) ?? false);
    out.push({ ...net, offered });
  }
  return out;
}
