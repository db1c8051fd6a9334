/**
 * `crosstab --net`: nets as typed, checked against the codebook. The syntax is read and resolved
 * by src/survey/crosstab-net-parse.ts (the explorer's nets share it): `[question:]name=member,…`
 * defines one, `[question:]name` takes the codebook's standard net; without `question:` it is the
 * row question's. `--nets` adds every standard net of the row and banner questions. This looks
 * the questions up, reads a matrix's levels and words the refusals for the command line.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { echoed } from "../../errors.ts";
import {
  matrixLevels,
  type CodebookNet,
  type CodebookQuestion,
} from "../../survey/crosstab-codebook.ts";
import {
  readNet,
  resolveNet,
  sameNet,
  standardNets,
  type NetProblem,
} from "../../survey/crosstab-net-parse.ts";
import type { CrosstabNet } from "../../survey/crosstab-nets.ts";
import { question, unknown, usage } from "./crosstab-names.ts";

/** What a net can group: a matrix's levels, any other question's options. */
export const netMembers = async (q: CodebookQuestion) =>
  q.type === "matrix" ? await matrixLevels(q.id) : q.options;

/** A net's problem in the command line's words; `members` for an unknown member's list. */
const worded =
  (text: string, members: readonly string[]) =>
  (p: NetProblem): Error => {
    switch (p.kind) {
      case "no-standard-net":
        return usage(
          `--net ${echoed(text)}: ${p.question} has no standard net ${echoed(JSON.stringify(p.name))} ` +
            `(its standard nets: ${p.standard.join(", ") || "none"}). Define one: --net "${p.question}:<name>=<${p.what}>,<…>".`,
        );
      case "no-name":
        return usage(`--net ${echoed(text)}: the net needs a name before "=".`);
      case "is-a-member":
        return usage(
          `--net ${echoed(text)}: "${echoed(p.name)}" is already one of ${p.question}'s ${p.what}s; name the net otherwise.`,
        );
      case "is-a-standard-net":
        return usage(
          `--net ${echoed(text)}: "${echoed(p.name)}" is a standard net of ${p.question}; use it by name (--net "${p.name}") or name yours otherwise.`,
        );
      case "unknown-member":
        return unknown(
          `${p.what} of ${p.question} in --net ${JSON.stringify(echoed(p.name))}`,
          p.member,
          [...members],
        );
      case "listed-twice":
        return usage(`--net ${echoed(text)}: a ${p.what} is listed twice.`);
    }
  };

/** One `--net`, resolved against the codebook and its standard nets. */
export async function parseNet(
  text: string,
  questions: Map<string, CodebookQuestion>,
  standard: Map<string, CodebookNet[]>,
  rowQuestion: CodebookQuestion,
): Promise<CrosstabNet> {
  const read = readNet(text);
  const q = read.question ? question(questions, read.question, " in --net") : rowQuestion;
  // why: a standard net by name needs no levels: a matrix's are read only to define one
  const members = read.members === undefined ? [] : await netMembers(q);
  return resolveNet(read, q, members, standard.get(q.id) ?? [], worded(text, members));
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
  const nets = withStandard
    ? standardNets([rowQuestion, ...(typeof by === "object" ? [by] : [])], (q) =>
        standard.get(q.id),
      )
    : [];
  for (const text of texts) {
    const net = await parseNet(text, questions, standard, rowQuestion);
    if (sameNet(nets, net))
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
