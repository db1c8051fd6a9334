import { describe, expect, it } from "vitest";
import { problems } from "../support/problems.ts";
import {
  readNet,
  resolveNet,
  sameNet,
  standardNets,
  type NetProblem,
} from "../../src/survey/crosstab-net-parse.ts";

/**
 * The shared net parser's edge cases, on small made-up questions (the CLI's messages are
 * test/survey/crosstab-nets.test.ts's, the explorer's test/site/explorer-nets.test.ts's).
 */
const { fail, problem } = problems<NetProblem>();

const size = { id: "org_size", type: "single" };
const SIZES = ["<10", "1000-4999", "5,000-19,999", "20,000 or more"];
const STANDARD = [{ name: "1000+ employees", members: ["1000-4999", "5,000-19,999"] }];
const resolve = (text: string, q = size, members = SIZES) =>
  resolveNet(readNet(text), q, members, STANDARD, fail);

describe("reading a net", () => {
  it("takes a lower-case question id before ':' as the question, anything else as the name", () => {
    const big = { question: "org_size", name: "big", members: "<10" };
    expect(readNet("org_size:big=<10")).toEqual(big);
    expect(readNet("org_size:1000+ employees")).toEqual({
      question: "org_size",
      name: "1000+ employees",
    });
    // not an id: a capital, a space, a leading digit
    expect(readNet("Org_size:x")).toEqual({ name: "Org_size:x" });
    expect(readNet("a b:x=1")).toEqual({ name: "a b:x", members: "1" });
    expect(readNet("2x:y")).toEqual({ name: "2x:y" });
    // the first "=" ends the name; the members keep theirs
    expect(readNet(" n = a=b ")).toEqual({ name: "n", members: " a=b " });
  });
});

describe("resolving a net", () => {
  it("takes a standard net by its name, case ignored, spelt as the codebook spells it", () => {
    expect(resolve("1000+ EMPLOYEES")).toEqual({
      question: "org_size",
      name: "1000+ employees",
      over: "options",
      members: ["1000-4999", "5,000-19,999"],
      source: "codebook",
    });
  });

  it("defines one from members joined by commas (labels holding commas kept whole) or '|'", () => {
    // every size but "<10", two of them holding commas
    expect(resolve("big=1000-4999,5,000-19,999,20,000 or more").members).toEqual(SIZES.slice(1));
    expect(resolve("small=<10|1000-4999")).toMatchObject({ source: "user", over: "options" });
  });

  it("groups a matrix's levels: a box", () => {
    const q = { id: "storage", type: "matrix" };
    expect(
      resolveNet(readNet("top=Using|Evaluating"), q, ["Using", "Evaluating"], [], fail),
    ).toMatchObject({ over: "levels", members: ["Using", "Evaluating"] });
    expect(problem(() => resolveNet(readNet("x=Using|Using"), q, ["Using"], [], fail))).toEqual({
      kind: "listed-twice",
      question: "storage",
      name: "x",
      what: "level",
    });
  });

  it("refuses each wrong net with its problem", () => {
    expect(problem(() => resolve("huge"))).toEqual({
      kind: "no-standard-net",
      question: "org_size",
      name: "huge",
      what: "option",
      standard: ["1000+ employees"],
    });
    expect(problem(() => resolve(" =<10"))).toEqual({ kind: "no-name" });
    expect(problem(() => resolve("<10=<10"))).toMatchObject({ kind: "is-a-member", name: "<10" });
    expect(problem(() => resolve("1000+ Employees=<10"))).toMatchObject({
      kind: "is-a-standard-net",
    });
    expect(problem(() => resolve("x=<10,11-20"))).toMatchObject({
      kind: "unknown-member",
      member: "11-20",
    });
    expect(problem(() => resolve("x="))).toMatchObject({ kind: "unknown-member", member: "" });
    expect(problem(() => resolve("x=<10,<10"))).toMatchObject({ kind: "listed-twice" });
  });
});

describe("standard nets and repeats", () => {
  it("lists the questions' standard nets in order, and finds a net named twice on a question", () => {
    const nets = standardNets(
      [
        { id: "k8s_clusters", type: "single" },
        { id: "org_size", type: "single" },
        { id: "storage", type: "matrix" },
      ],
      (q) =>
        ({
          org_size: STANDARD,
          storage: [{ name: "top", members: ["Using"] }],
        })[q.id],
    );
    expect(nets.map((n) => [n.question, n.name, n.over, n.source])).toEqual([
      ["org_size", "1000+ employees", "options", "codebook"],
      ["storage", "top", "levels", "codebook"],
    ]);
    expect(sameNet(nets, { ...nets[1]!, source: "user" })).toBe(true);
    expect(sameNet(nets, { ...nets[1]!, question: "other" })).toBe(false);
  });
});
