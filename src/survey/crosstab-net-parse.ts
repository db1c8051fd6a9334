/**
 * A net as a cross-tab request types it (`crosstab --net`, the explorer's nets), read and
 * resolved: `[question:]name=member,member,…` (or `|`-joined) defines one, members matched as a
 * filter matches options (a matrix's members are its levels: a box); `[question:]name` takes the
 * question's standard net; without `question:` the net is on the row question. Pure
 * (browser-safe): the CLI looks the question and its levels up in the codebook (a file read for a
 * matrix, so reading and resolving are two steps), the explorer in its meta file. Each refusal
 * is a NetProblem the caller's `fail` words, so the CLI and the explorer keep their messages.
 */
import { findLabel, type NamedGroup } from "./crosstab-labels.ts";
import { splitMembers, type CrosstabNet } from "./crosstab-nets.ts";

/** A net's text, split: the question named (absent: the row's), its name, its members as typed. */
export interface NetSyntax {
  question?: string;
  name: string;
  /** Absent: a standard net by name. */
  members?: string;
}

/** What is wrong with a net, for the caller to word. `what`: "option" or "level" (a matrix). */
export type NetProblem =
  | { kind: "no-standard-net"; question: string; name: string; what: string; standard: string[] }
  | { kind: "no-name" }
  | { kind: "is-a-member"; question: string; name: string; what: string }
  | { kind: "is-a-standard-net"; question: string; name: string }
  | { kind: "unknown-member"; question: string; name: string; what: string; member: string }
  | { kind: "listed-twice"; question: string; name: string; what: string };

/** How a caller words a problem: the error thrown. */
export type NetFail = (problem: NetProblem) => Error;

/** Splits a net's text; names nothing yet. */
export function readNet(text: string): NetSyntax {
  // why: a question id never holds ":", so "org_size:1000+ employees" cannot be read two ways
  const prefix = /^([a-z][a-z0-9_]*):(.*)$/s.exec(text);
  const rest = prefix ? prefix[2]! : text;
  const question = prefix ? { question: prefix[1]! } : {};
  const eq = rest.indexOf("=");
  if (eq < 0) return { ...question, name: rest.trim() };
  return { ...question, name: rest.slice(0, eq).trim(), members: rest.slice(eq + 1) };
}

/** What a net over a question groups: a matrix's levels, any other question's options. */
export const netOver = (type: string): CrosstabNet["over"] =>
  type === "matrix" ? "levels" : "options";

/**
 * A net read by readNet, resolved on question `q` (the prefix's, or the row's): `members` are
 * the labels it can group (netOver), `standard` the question's standard nets.
 */
export function resolveNet(
  read: NetSyntax,
  q: { id: string; type: string },
  members: readonly string[],
  standard: readonly NamedGroup[],
  fail: NetFail,
): CrosstabNet {
  const over = netOver(q.type);
  const what = over === "levels" ? "level" : "option";
  const { name } = read;
  const named = standard.find((n) => n.name.toLowerCase() === name.toLowerCase());
  if (read.members === undefined) {
    if (!named)
      throw fail({
        kind: "no-standard-net",
        question: q.id,
        name,
        what,
        standard: standard.map((n) => n.name),
      });
    return { question: q.id, name: named.name, over, members: named.members, source: "codebook" };
  }
  if (!name) throw fail({ kind: "no-name" });
  if (findLabel(members, name) !== undefined)
    throw fail({ kind: "is-a-member", question: q.id, name, what });
  if (named) throw fail({ kind: "is-a-standard-net", question: q.id, name });
  const split = splitMembers(read.members, (l) => findLabel(members, l));
  if ("unknown" in split)
    throw fail({ kind: "unknown-member", question: q.id, name, what, member: split.unknown });
  if (new Set(split.members).size !== split.members.length)
    throw fail({ kind: "listed-twice", question: q.id, name, what });
  return { question: q.id, name, over, members: split.members, source: "user" };
}

/** `--nets`: every standard net of these questions (the row's, then the banner's), in order. */
export function standardNets<Q extends { id: string; type: string }>(
  questions: readonly Q[],
  netsOf: (q: Q) => readonly NamedGroup[] | undefined,
): CrosstabNet[] {
  return questions.flatMap((q) =>
    (netsOf(q) ?? []).map((n): CrosstabNet => ({
      question: q.id,
      name: n.name,
      over: netOver(q.type),
      members: n.members,
      source: "codebook",
    })),
  );
}

/** The net already in `nets` with `net`'s question and name: a request may not define it twice. */
export const sameNet = (nets: readonly CrosstabNet[], net: CrosstabNet) =>
  nets.some((n) => n.question === net.question && n.name === net.name);
