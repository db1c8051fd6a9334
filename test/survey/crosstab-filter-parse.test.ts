import { describe, expect, it } from "vitest";
import { problems } from "../support/problems.ts";
import {
  netsOn,
  readFilter,
  resolveFilter,
  type FilterProblem,
  type FilterQuestion,
} from "../../src/survey/crosstab-filter-parse.ts";
import type { CrosstabNet } from "../../src/survey/crosstab-nets.ts";

/**
 * The shared filter parser's edge cases, on small made-up questions (the CLI's messages are
 * test/survey/crosstab-nets.test.ts's; the explorer's against the CLI's,
 * test/integration/explorer-crosstab-real.test.ts's).
 */
const { fail, problem } = problems<FilterProblem>();

const region: FilterQuestion = {
  id: "region",
  type: "single",
  options: ["Europe", "Asia", "Europe=West"],
};
const storage: FilterQuestion = { id: "storage", type: "matrix", options: ["Ceph", "Rook"] };
const LEVELS = ["Using", "Evaluating", "Not using"];
const box = { name: "using or evaluating", members: ["Using", "Evaluating"] };
const NETS = [{ name: "Eurasia", members: ["Europe", "Asia"] }];

/** A filter read and resolved, as the CLI and the explorer do it. */
const parse = (text: string, q = region, nets: { name: string; members: string[] }[] = NETS) =>
  resolveFilter(readFilter(text, fail), q, q.type === "matrix" ? LEVELS : [], nets, fail);

describe("reading a filter", () => {
  it("tells the forms apart, NOT before any of them, spaces around the body ignored", () => {
    expect(readFilter("panel", fail)).toEqual({ not: false, form: "panel" });
    expect(readFilter("! panel ", fail)).toEqual({ not: true, form: "panel" });
    expect(readFilter("!answered: region", fail)).toEqual({
      not: true,
      form: "answered",
      question: "region",
    });
    expect(readFilter(" region =Europe", fail)).toEqual({
      not: false,
      form: "choice",
      question: "region",
      option: "Europe",
    });
    // a level, even an empty one, is what follows the second "=", its own "=" kept
    expect(readFilter("storage=Ceph=", fail)).toMatchObject({ level: "" });
    expect(readFilter("storage=Ceph=a=b", fail)).toMatchObject({ option: "Ceph", level: "a=b" });
  });

  it("refuses what has no form: no option, a blank one, a NOT of nothing", () => {
    for (const text of ["region", "region=", "region=  ", "!", "", "panels"])
      expect(
        problem(() => readFilter(text, fail)),
        text,
      ).toEqual({ kind: "syntax" });
  });
});

describe("resolving a filter", () => {
  it("keeps a plain option's old shape, and lists the members of an OR or a net", () => {
    expect(parse("region=europe")).toEqual({ question: "region", option: "Europe", level: null });
    expect(parse("!region=Asia|eurasia")).toEqual({
      question: "region",
      option: "Asia|Eurasia",
      level: null,
      options: ["Asia", "Europe"],
      not: true,
    });
    // the same option twice counts once
    expect(parse("region=Asia|asia").options).toEqual(["Asia"]);
  });

  it("takes a label before a net of the same name, case ignored", () => {
    const nets = [{ name: "asia", members: ["Europe"] }];
    expect(parse("region=ASIA", region, nets)).toEqual({
      question: "region",
      option: "Asia",
      level: null,
    });
  });

  it("reads a single question's option holding '=' as a level, and refuses it", () => {
    expect(problem(() => parse("region=Europe=West"))).toEqual({
      kind: "not-a-matrix",
      question: "region",
    });
  });

  it("resolves a matrix row at any of several levels, or a box by name", () => {
    expect(parse("storage=ceph=using|EVALUATING", storage, [box])).toEqual({
      question: "storage",
      option: "Ceph",
      level: "Using|Evaluating",
      levels: ["Using", "Evaluating"],
    });
    expect(parse("storage=Rook=Using or evaluating", storage, [box])).toMatchObject({
      level: "using or evaluating",
      levels: ["Using", "Evaluating"],
    });
  });

  it("names what is unknown: the row (without nets), the level or option (with them)", () => {
    expect(problem(() => parse("storage=Longhorn=Using", storage, [box]))).toEqual({
      kind: "unknown",
      what: "option",
      question: "storage",
      name: "Longhorn",
      valid: ["Ceph", "Rook"],
      nets: [],
    });
    expect(problem(() => parse("storage=Ceph=Using|Sometimes", storage, [box]))).toMatchObject({
      kind: "unknown",
      what: "level",
      name: "Sometimes",
      nets: ["using or evaluating"],
    });
    expect(problem(() => parse("storage=Ceph=", storage, [box]))).toMatchObject({
      what: "level",
      name: "",
    });
    expect(problem(() => parse("region=Europe|Mars"))).toMatchObject({
      what: "option",
      name: "Mars",
      nets: ["Eurasia"],
    });
  });

  it("asks a matrix row for a level, listing the levels", () => {
    expect(problem(() => parse("storage=rook", storage))).toEqual({
      kind: "no-level",
      question: "storage",
      row: "Rook",
      levels: LEVELS,
    });
  });

  it("gives answered: no options and panel no question", () => {
    expect(parse("answered:region")).toEqual({
      question: "region",
      option: "answered",
      level: null,
      options: [],
      kind: "answered",
    });
    expect(resolveFilter(readFilter("!panel", fail), undefined, [], [], fail)).toEqual({
      question: "panel",
      option: "paid panel",
      level: null,
      kind: "panel",
      not: true,
    });
  });
});

describe("the nets a filter can name", () => {
  it("puts the request's nets first, and a request net hides the standard one it renames", () => {
    const typed = (question: string, name: string, members: string[]): CrosstabNet => ({
      question,
      name,
      over: "options",
      members,
      source: "user",
    });
    const standard = [
      { name: "Eurasia", members: ["Europe", "Asia"] },
      { name: "East", members: ["Asia"] },
    ];
    const nets = [typed("region", "Eurasia", ["Europe"]), typed("size", "big", ["1000+"])];
    expect(netsOn("region", standard, nets).map((n) => [n.name, n.members])).toEqual([
      ["Eurasia", ["Europe"]],
      ["East", ["Asia"]],
    ]);
    expect(netsOn("other", undefined, nets)).toEqual([]);
  });
});
