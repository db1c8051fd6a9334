/**
 * Nets in the explorer, as `crosstab --net` / `--nets` resolve them (src/cli/commands/
 * crosstab-nets.ts), against the explorer's meta file instead of the database: the same texts
 * (`[question:]name=member|member`, or a standard net's `[question:]name`) read by the same
 * parser (src/survey/crosstab-net-parse.ts), the same members and per-year offered members, so
 * the same spec reaches finishCrosstab. Also the rows a net adds to a
 * question's decoded answers (crosstab.ts's `answers_n`). Pure.
 */
import type { CrosstabNet } from "../survey/crosstab-nets.ts";
import {
  readNet,
  resolveNet,
  sameNet,
  standardNets,
  type NetProblem,
} from "../survey/crosstab-net-parse.ts";
import type { AnswerColumns, ExplorerQuestion } from "./explorer-format.ts";

/** A request the explorer's nets refuse, with why (crosstab-nets.ts's reasons). */
export class ExplorerNetError extends Error {}

/** What a net can group: a matrix's levels, any other question's options. */
export const netMembers = (q: ExplorerQuestion) => (q.type === "matrix" ? q.levels : q.options);

/** A net's problem in the page's words: the CLI's reasons, without its --net flag. */
const worded =
  (text: string, members: readonly string[]) =>
  (p: NetProblem): Error => {
    switch (p.kind) {
      case "no-standard-net":
        return new ExplorerNetError(
          `${p.question} has no standard net "${p.name}" (its standard nets: ${p.standard.join(", ") || "none"}).`,
        );
      case "no-name":
        return new ExplorerNetError(`the net ${JSON.stringify(text)} needs a name before "=".`);
      case "is-a-member":
        return new ExplorerNetError(
          `"${p.name}" is already one of ${p.question}'s ${p.what}s; name the net otherwise.`,
        );
      case "is-a-standard-net":
        return new ExplorerNetError(
          `"${p.name}" is a standard net of ${p.question}; name yours otherwise.`,
        );
      case "unknown-member":
        return new ExplorerNetError(
          `unknown ${p.what} of ${p.question} in the net "${p.name}": ${p.member}. Valid: ${members.join(", ")}`,
        );
      case "listed-twice":
        return new ExplorerNetError(`the net "${p.name}": a ${p.what} is listed twice.`);
    }
  };

/** One net as typed, resolved against the question's labels and standard nets. */
export function parseExplorerNet(
  text: string,
  questions: ReadonlyMap<string, ExplorerQuestion>,
  row: ExplorerQuestion,
): CrosstabNet {
  const read = readNet(text);
  const q = read.question === undefined ? row : questions.get(read.question);
  if (!q) throw new ExplorerNetError(`unknown question in a net: ${read.question}`);
  const members = netMembers(q);
  return resolveNet(read, q, members, q.nets ?? [], worded(text, members));
}

/**
 * Every net in play, as resolveNets orders them: with `standard`, the row's then the banner's
 * standard nets; then the typed ones. Each options net gets, per year of the cross-tab, the
 * members that year offered (the CLI's offeredMembers).
 */
export function explorerNets(
  texts: readonly string[],
  standard: boolean,
  questions: ReadonlyMap<string, ExplorerQuestion>,
  row: ExplorerQuestion,
  by: ExplorerQuestion | "year" | "sample",
  years: readonly number[],
): CrosstabNet[] {
  const nets = standard
    ? standardNets([row, ...(typeof by === "object" ? [by] : [])], (q) => q.nets)
    : [];
  for (const text of texts) {
    const net = parseExplorerNet(text, questions, row);
    if (net.question !== row.id && (typeof by !== "object" || net.question !== by.id))
      throw new ExplorerNetError(
        `the net "${net.name}" is on ${net.question}, which is neither the question nor the banner.`,
      );
    if (sameNet(nets, net))
      throw new ExplorerNetError(`${net.question} already has a net "${net.name}" here.`);
    nets.push(net);
  }
  return nets.map((net) => {
    if (net.over !== "options") return net;
    const q = questions.get(net.question)!;
    const offered: Record<number, string[]> = {};
    for (const y of years) {
      const labels = (q.offered[y] ?? []).map((c) => q.options[c]);
      offered[y] = net.members.filter((m) => labels.includes(m));
    }
    return { ...net, offered };
  });
}

/**
 * A question's answer rows with its nets' rows added (crosstab.ts `answers_n`): an options net
 * is one more option (code `optionCount + k`) chosen once by each respondent who chose any
 * member; a levels net (a box) one more level (code `levelCount + k`) of each matrix row, given
 * once by each respondent who gave that row any member level. `labels` are the question's option
 * and level labels by code.
 */
export function withNetRows(
  rows: AnswerColumns,
  nets: readonly CrosstabNet[],
  labels: { options: readonly string[]; levels: readonly string[] },
): AnswerColumns {
  if (!nets.length) return rows;
  const r = [...rows.r];
  const o = [...rows.o];
  const l = [...rows.l];
  const optionNets = nets.filter((n) => n.over === "options");
  const levelNets = nets.filter((n) => n.over === "levels");
  optionNets.forEach((net, k) => {
    const members = new Set(net.members.map((m) => labels.options.indexOf(m)));
    const seen = new Set<number>();
    for (let i = 0; i < rows.r.length; i++)
      if (members.has(rows.o[i]!) && !seen.has(rows.r[i]!)) {
        seen.add(rows.r[i]!);
        r.push(rows.r[i]!);
        o.push(labels.options.length + k);
        l.push(-1);
      }
  });
  levelNets.forEach((net, k) => {
    const members = new Set(net.members.map((m) => labels.levels.indexOf(m)));
    // why: a number per (respondent, row): string keys made a matrix's box three times slower
    const width = labels.options.length + 1;
    const seen = new Set<number>();
    for (let i = 0; i < rows.r.length; i++) {
      const key = rows.r[i]! * width + rows.o[i]!;
      if (members.has(rows.l[i]!) && !seen.has(key)) {
        seen.add(key);
        r.push(rows.r[i]!);
        o.push(rows.o[i]!);
        l.push(labels.levels.length + k);
      }
    }
  });
  return { r: Int32Array.from(r), o: Int32Array.from(o), l: Int32Array.from(l) };
}
